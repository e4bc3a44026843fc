package io.keyferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.it.harness.TlsCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher run as a user runs it: a separate process, its console output, its exit status. */
class LauncherIT {
    private static final String LAUNCHER = System.getProperty("keyferry.launcher");

    @TempDir
    Path dataDir;

    /** The launcher's working directory, where a run without --data-dir keeps its data. */
    @TempDir
    Path workingDir;

    /** A running launcher process and the lines it printed so far. */
    private final class Run {
        final Process process;
        final List<String> output = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        Run(String... args) throws IOException {
            this(Map.of(), args);
        }

        /** @param environment variables added to the launcher's environment */
        Run(Map<String, String> environment, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(LAUNCHER));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(workingDir.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    lines.lines().forEach(output::add);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            List<ProcessHandle> descendants = process.descendants().toList();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("launcher still running after " + timeout + "; output:\n" + text());
            }
            Await.until("the launcher's child processes to end", Duration.ofSeconds(10),
                    () -> descendants.stream().noneMatch(ProcessHandle::isAlive));
            reader.join(TimeUnit.SECONDS.toMillis(10)); // the last lines may still be in the pipe
            return process.exitValue();
        }

        String text() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }
    }

    @Test
    void migrateCopiesEveryTypeShowsProgressAndEndsWithACleanComparison() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "bulk", 30_000);
            Run run = new Run("migrate", "--source", source.uri(), "--target", target.uri(),
                    "--data-dir", dataDir.toString());
            int exit = run.awaitExit(Duration.ofMinutes(5));
            String output = run.text();

            assertEquals(0, exit, output);
            assertTrue(output.lines().anyMatch(l -> l.startsWith("snapshot ")), "progress lines:\n" + output);
            assertTrue(output.contains("identical"), "comparison report:\n" + output);
            assertFalse(run.process.isAlive());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());
        }
    }

    /**
     * kill -9 of the launcher in the middle of a snapshot, twice, then the same command again on the same data
     * directory: Kafka and Connect come back with their data and offsets, the snapshot resumes from its committed
     * cursor (records produced in all well under two copies of the dataset), and the target ends identical. One more
     * run, of the finished snapshot, says it is done and compares.
     */
    @Test
    void aMigrationKilledMidwayResumesWhenTheSameCommandRunsAgain() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            int keys = 150_000;
            TestData.writeStrings(source, "bulk", keys);
            String[] args = {"migrate", "--source", source.uri(), "--target", target.uri(), "--data-dir",
                    dataDir.toString()};
            // Killed first in the middle of the scan (the source is ahead of the sink, so the progress line, not
            // the target, tells how far the scan got).
            Run first = new Run(args);
            Await.until("the scan to be under way", Duration.ofMinutes(3), () -> scanned(first.text()) > keys / 5,
                    first::text);
            first.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, first.awaitExit(Duration.ofMinutes(1)), first.text());
            // Killed again once the resumed run has written more than half: a resume of a resume.
            Run resumed = new Run(args);
            Await.until("the resumed copy to pass half", Duration.ofMinutes(3), () -> target.dbsize() > keys / 2,
                    resumed::text);
            resumed.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, resumed.awaitExit(Duration.ofMinutes(1)), resumed.text());
            assertTrue(resumed.text().contains("Resuming an earlier run: keyferry-keys holds ")
                    && resumed.text().contains("the snapshot goes on from SCAN cursor "), resumed.text());

            Run second = new Run(args);
            int exit = second.awaitExit(Duration.ofMinutes(5));
            assertEquals(0, exit, second.text());
            assertTrue(second.text().contains("identical"), second.text());
            assertTrue(second.text().contains("Resuming an earlier run: keyferry-keys holds "), second.text());
            long produced = recordsProduced(second.text());
            assertTrue(produced < keys * 13L / 10, "records produced in all runs: " + produced
                    + "; a copy from the start after each kill would have produced more than " + (keys * 17L / 10));
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());

            Run third = new Run(args);
            assertEquals(0, third.awaitExit(Duration.ofMinutes(3)), third.text());
            assertEquals(produced, recordsProduced(third.text()), "a finished snapshot copies nothing again");
            assertTrue(third.text().contains("the snapshot was complete: nothing is copied again"), third.text());
        }
    }

    /** The keys the snapshot scanned so far, from the launcher's last progress line during the scan; 0 before it. */
    private static long scanned(String output) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("snapshot ([\\d,]+) / ~").matcher(output);
        long scanned = 0;
        while (line.find()) {
            scanned = Long.parseLong(line.group(1).replace(",", ""));
        }
        return scanned;
    }

    /** The records produced into the topic, from the launcher's last progress line. */
    private static long recordsProduced(String output) {
        java.util.regex.Matcher last = java.util.regex.Pattern.compile("snapshot done: ([\\d,]+) records produced")
                .matcher(output);
        long produced = -1;
        while (last.find()) {
            produced = Long.parseLong(last.group(1).replace(",", ""));
        }
        assertTrue(produced >= 0, "no final progress line in:\n" + output);
        return produced;
    }

    /**
     * Kafka, Connect, both connectors and the closing comparison in one JVM of 256 MB, for a 200 MB string and
     * big collections beside 100k ordinary keys: no part of the copy or of the comparison holds a whole big key.
     */
    @Test
    void migrateCopiesA200MbKeyAndBigCollectionsBesideOrdinaryKeysInAHeapOf256Mb() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            BigKeys.write(source.sync(), 200 * 1024 * 1024, 300_000);
            TestData.writeStrings(source, "bulk", 100_000);
            Run run = new Run(Map.of("KEYFERRY_JAVA_OPTS", "-Xmx256m -XX:+ExitOnOutOfMemoryError"), "migrate",
                    "--source", source.uri(), "--target", target.uri(), "--data-dir", dataDir.toString());
            int exit = run.awaitExit(Duration.ofMinutes(8));
            String output = run.text();

            assertEquals(0, exit, output);
            assertTrue(output.contains("identical"), "comparison report:\n" + output);
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());
            assertEquals(source.dbsize(), report.sourceKeys());
        }
    }

    /**
     * A cluster source read by one task per primary, into a cluster target: kill -9 of the launcher when about a
     * third of the keys are on the target, then the same command again: each primary's scan resumes from its own
     * committed cursor, and the target ends identical.
     */
    @Test
    void aClusterMigrationKilledMidwayResumesEveryPrimaryAndComparesClean() throws Exception {
        try (RedisCluster source = RedisCluster.start(3, 0); RedisCluster target = RedisCluster.start(3, 0)) {
            int keys = 100_000;
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "bulk", keys);
            String[] args = {"migrate", "--source", source.uri(), "--target", target.uri(), "--data-dir",
                    dataDir.toString()};
            Run first = new Run(args);
            Await.until("the copy to be well under way", Duration.ofMinutes(3),
                    () -> target.dbsize() > keys / 3, first::text);
            first.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, first.awaitExit(Duration.ofMinutes(1)), first.text());

            Run second = new Run(args);
            int exit = second.awaitExit(Duration.ofMinutes(5));
            String output = second.text();
            assertEquals(0, exit, output);
            assertTrue(output.contains("identical"), "comparison report:\n" + output);
            // Where the scans stood depends on how far the source was ahead of the sink: the line says which.
            assertTrue(output.contains("Resuming an earlier run: keyferry-keys holds "), output);
            long produced = recordsProduced(output);
            assertTrue(produced < keys * 13L / 10, "records produced in both runs: " + produced
                    + "; a copy from the start would have produced more than " + (keys * 4L / 3));
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());
        }
    }

    @Test
    void liveMigrationFollowsChangesResumesAfterKillNineAndStopsEverythingWhenInterrupted() throws Exception {
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "before", 1_000);
            Run run = new Run("migrate", "--mode", "live", "--source", source.uri(), "--target", target.uri(),
                    "--data-dir", dataDir.toString());
            Await.until("the snapshot to arrive", Duration.ofSeconds(120),
                    () -> target.sync().dbsize() == 1_000, run::text);
            source.syncStrings().set("after", "live change");
            source.syncStrings().del("before:1");
            Await.until("live changes to arrive", Duration.ofSeconds(60),
                    () -> "live change".equals(target.syncStrings().get("after"))
                            && target.syncStrings().exists("before:1") == 0, run::text);
            Await.until("live progress to be shown", Duration.ofSeconds(30),
                    () -> run.text().lines().anyMatch(l -> l.startsWith("live ")), run::text);

            // kill -9, changes and a delete while nothing runs, then the same command: the resync finds them.
            run.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, run.awaitExit(Duration.ofMinutes(1)), run.text());
            source.syncStrings().set("while-down", "changed while the launcher was down");
            source.syncStrings().del("before:2");
            Run resumed = new Run("migrate", "--mode", "live", "--source", source.uri(), "--target", target.uri(),
                    "--data-dir", dataDir.toString());
            Await.until("the changes made while it was down to arrive", Duration.ofSeconds(120),
                    () -> "changed while the launcher was down".equals(target.syncStrings().get("while-down"))
                            && target.syncStrings().exists("before:2") == 0, resumed::text);
            assertTrue(resumed.text().contains("Resuming an earlier run") && resumed.text().contains("resyncs"),
                    resumed.text());

            // SIGTERM, as a service manager would stop it (through the handle: Process.destroy() closes the pipes)
            resumed.process.toHandle().destroy();
            int exit = resumed.awaitExit(Duration.ofMinutes(2));
            assertEquals(128 + 15, exit, "terminated by SIGTERM after a clean stop:\n" + resumed.text());
            assertTrue(resumed.text().contains("Interrupted: stopping the connectors"), resumed.text());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());
        }
    }

    /** The source read as a replica: a rerun after kill -9 continues its replication stream, with no second RDB. */
    @Test
    void liveCaptureThroughReplicationContinuesTheStreamAfterKillNine() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeStrings(source, "before", 1_000);
            String[] command = {"migrate", "--mode", "live", "--capture", "replication", "--source", source.uri(),
                "--target", target.uri(), "--data-dir", dataDir.toString()};
            Run run = new Run(command);
            Await.until("the snapshot to arrive", Duration.ofSeconds(120),
                    () -> target.sync().dbsize() == 1_000, run::text);
            source.syncStrings().set("after", "live change");
            Await.until("a live change to arrive", Duration.ofSeconds(60),
                    () -> "live change".equals(target.syncStrings().get("after")), run::text);
            // A "live" line means a committed offset holds a place in the stream ("done" is the RDB in the topic).
            Await.until("a place in the stream to be committed", Duration.ofSeconds(60),
                    () -> run.text().lines().anyMatch(l -> l.startsWith("live ")), run::text);

            run.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, run.awaitExit(Duration.ofMinutes(1)), run.text());
            Await.until("the killed run's link to close", Duration.ofSeconds(60),
                    () -> source.syncStrings().info("replication").contains("connected_slaves:0"));
            source.syncStrings().set("while-down", "changed while the launcher was down");
            source.syncStrings().del("before:2");
            Run resumed = new Run(command);
            Await.until("the changes made while it was down to arrive", Duration.ofSeconds(120),
                    () -> "changed while the launcher was down".equals(target.syncStrings().get("while-down"))
                            && target.syncStrings().exists("before:2") == 0, resumed::text);
            assertTrue(resumed.text().contains("partial resync"), resumed.text());
            String stats = source.syncStrings().info("stats");
            assertTrue(stats.contains("sync_full:1\r\n") && !stats.contains("sync_partial_ok:0\r\n"),
                    "one full sync, then a partial one:\n" + stats);
            resumed.process.toHandle().destroy();
            resumed.awaitExit(Duration.ofMinutes(2));
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());
        }
    }

    /**
     * Both sides over TLS with a private CA, the target requiring a client certificate: migrate copies and compares
     * over TLS; without the CA, one line says which option to set.
     */
    @Test
    void migrateOverTlsWithAPrivateCaAndAClientCertificate() throws Exception {
        try (TlsCertificates certificates = TlsCertificates.generate();
             RedisServer source = RedisServer.startTls(certificates, "server", false);
             RedisServer target = RedisServer.startTls(certificates, "server", true)) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "tls", 5_000);
            String ca = certificates.ca().toString();
            Run run = new Run("migrate", "--source", source.tlsUri(), "--source-tls-ca", ca,
                    "--target", target.tlsUri(), "--target-tls-ca", ca,
                    "--target-tls-cert", certificates.cert("client").toString(),
                    "--target-tls-key", certificates.key("client").toString(), "--data-dir", dataDir.toString());
            assertEquals(0, run.awaitExit(Duration.ofMinutes(5)), run.text());
            assertTrue(run.text().contains("identical"), run.text());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());

            Run untrusted = new Run("compare", "--source", source.tlsUri(), "--target", target.tlsUri());
            assertEquals(2, untrusted.awaitExit(Duration.ofMinutes(1)), untrusted.text());
            Run noCa = new Run("migrate", "--source", source.tlsUri(), "--target", target.tlsUri());
            assertEquals(2, noCa.awaitExit(Duration.ofMinutes(1)), noCa.text());
            assertTrue(noCa.text().contains("set --source-tls-ca"), noCa.text());
            assertNothingLeftBehind();
        }
    }

    @Test
    void compareExitsNonZeroAndNamesTheDifference() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            source.syncStrings().set("same", "1");
            target.syncStrings().set("same", "1");
            source.syncStrings().set("only-in-source", "x");
            Run run = new Run("compare", "--source", source.uri(), "--target", target.uri());
            int exit = run.awaitExit(Duration.ofMinutes(1));
            assertEquals(1, exit, run.text());
            assertTrue(run.text().contains("MISSING \"only-in-source\""), run.text());
        }
    }

    @Test
    void compareCountsTheKeysOfEveryPrimaryOfAClusterTarget() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisCluster target = RedisCluster.start(3, 0)) {
            for (int i = 0; i < 100; i++) {
                source.syncStrings().set("key:" + i, "v" + i);
                target.sync().set(("key:" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            source.syncStrings().set("only-in-source", "x");
            Run run = new Run("compare", "--source", source.uri(), "--target", target.uri());
            int exit = run.awaitExit(Duration.ofMinutes(1));
            assertEquals(1, exit, run.text());
            assertTrue(run.text().contains("101 source keys, 100 target keys"), run.text());
            assertTrue(run.text().contains("MISSING \"only-in-source\""), run.text());
        }
    }

    @Test
    void anUnreachableServerIsOneClearLineAndExitStatusTwo() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            String closed = "redis://127.0.0.1:" + socket.getLocalPort();
            socket.close();
            Run run = new Run("compare", "--source", closed, "--target", closed);
            assertEquals(2, run.awaitExit(Duration.ofMinutes(1)), run.text());
            assertTrue(run.text().startsWith("keyferry compare: Unable to connect"), run.text());
            assertFalse(run.text().contains("\tat "), "no stack trace on the console: " + run.text());
            assertNothingLeftBehind();
        }
    }

    @Test
    void aWrongUriAServerThatDoesNotAnswerOrNotificationsOffStopMigrateBeforeKafkaStarts() throws Exception {
        try (RedisServer source = RedisServer.start(); java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            String closed = "redis://127.0.0.1:" + socket.getLocalPort();
            socket.close();
            String withPassword = "redis://alice:hunter2@127.0.0.1:" + source.port();
            for (String[] uris : List.of(new String[] {"http://x", source.uri()}, new String[] {closed, source.uri()},
                    new String[] {source.uri(), closed}, new String[] {withPassword, source.uri()},
                    new String[] {source.uri(), withPassword})) {
                // The default data directory: a run that cannot start must not create it.
                Run run = new Run("migrate", "--source", uris[0], "--target", uris[1]);
                assertEquals(2, run.awaitExit(Duration.ofMinutes(1)), run.text());
                assertTrue(run.text().startsWith("keyferry migrate: "), run.text());
                assertFalse(run.text().contains("Starting Kafka"), "checked before Kafka starts: " + run.text());
                assertFalse(run.text().contains("\tat "), "no stack trace on the console: " + run.text());
                assertFalse(run.text().contains("hunter2"), "a password is never printed: " + run.text());
                assertNothingLeftBehind();
            }
            // Live mode on a source whose keyspace notifications are off.
            Run live = new Run("migrate", "--mode", "live", "--source", source.uri(), "--target", source.uri());
            assertEquals(2, live.awaitExit(Duration.ofMinutes(1)), live.text());
            assertTrue(live.text().contains("Keyspace notifications are off")
                    && live.text().contains("pass --configure-notifications"), live.text());
            assertNothingLeftBehind();
        }
    }

    private void assertNothingLeftBehind() throws IOException {
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(workingDir)) {
            assertEquals(List.of(), left.toList(), "left in the working directory by a run that could not start");
        }
    }

    /** --dry-run against a target that is not even running: counts by type, exit 0, nothing written anywhere. */
    @Test
    void aDryRunSizesTheMigrationWithoutReachingTheTarget() throws Exception {
        String stoppedTarget;
        try (RedisServer stopped = RedisServer.start()) {
            stoppedTarget = stopped.uri();
        }
        try (RedisServer source = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "sized", 5_000);
            long strings = source.sync().keys("*").stream().filter(key -> source.sync().type(key).equals("string"))
                    .count();
            Run run = new Run("migrate", "--dry-run", "--source", source.uri(), "--target", stoppedTarget,
                    "--data-dir", dataDir.toString());
            int exit = run.awaitExit(Duration.ofMinutes(3));
            String output = run.text();

            assertEquals(0, exit, output);
            assertTrue(output.contains("Dry run complete"), output);
            String stringRow = String.format(java.util.Locale.ROOT, "%-8s %,14d", "string", strings);
            assertTrue(output.contains(stringRow), "expected '" + stringRow + "' in:\n" + output);
        }
    }

    @Test
    void helpDocumentsEveryOption() throws Exception {
        Run run = new Run("migrate", "--help");
        assertEquals(0, run.awaitExit(Duration.ofMinutes(1)));
        for (String option : List.of("--source", "--target", "--mode", "--connect-url", "--bootstrap-servers",
                "--data-dir", "--source-password", "--dry-run", "--source-keys-per-second",
                "--target-writes-per-second")) {
            assertTrue(run.text().contains(option), option + " in:\n" + run.text());
        }
    }
}
