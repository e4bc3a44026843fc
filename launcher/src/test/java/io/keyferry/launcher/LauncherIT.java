package io.keyferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.it.harness.TlsCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher run as a user runs it: a separate process, its console output, its exit status. */
class LauncherIT extends LauncherTest {
    private static final Path CLASS_ARCHIVE = Path.of(System.getProperty("keyferry.launcher")).toAbsolutePath()
            .getParent().resolveSibling("launcher/target/keyferry.jsa").normalize();

    @Test
    void migrateCopiesEveryTypeShowsProgressAndEndsWithACleanComparison() throws Exception {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "bulk", 30_000);
            // With class data sharing as users get it: this first migration records the archive.
            Files.deleteIfExists(CLASS_ARCHIVE);
            LauncherRun run = run(Map.of("KEYFERRY_CDS", "on"), "migrate", "--source", source.uri(),
                    "--target", target.uri(), "--data-dir", dataDir.toString());
            int exit = run.awaitExit(Duration.ofMinutes(5));
            String output = run.text();

            assertEquals(0, exit, output);
            assertTrue(output.lines().anyMatch(l -> l.startsWith("snapshot ")), "progress lines:\n" + output);
            assertTrue(output.contains("identical"), "comparison report:\n" + output);
            assertFalse(run.process.isAlive());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());

            // The next run loads the launcher's classes from it (the JVM's class log names the archive's top layer).
            assertTrue(Files.size(CLASS_ARCHIVE) > 32 << 20, "archive size " + Files.size(CLASS_ARCHIVE));
            Path classLog = dataDir.resolveSibling("classes.log");
            LauncherRun compare = run(Map.of("KEYFERRY_CDS", "on", "KEYFERRY_JAVA_OPTS",
                    "-Xlog:class+load=info:file=" + classLog), "compare", "--source", source.uri(), "--target",
                    target.uri());
            assertEquals(0, compare.awaitExit(Duration.ofMinutes(2)), compare.text());
            assertTrue(Files.readAllLines(classLog).stream().anyMatch(line -> line.contains(
                    "io.keyferry.launcher.CompareCommand source: shared objects file (top)")), "classes not shared");
        }
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
            LauncherRun run = run(Map.of("KEYFERRY_JAVA_OPTS", "-Xmx256m -XX:+ExitOnOutOfMemoryError"), "migrate",
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
            LauncherRun run = run("migrate", "--source", source.tlsUri(), "--source-tls-ca", ca,
                    "--target", target.tlsUri(), "--target-tls-ca", ca,
                    "--target-tls-cert", certificates.cert("client").toString(),
                    "--target-tls-key", certificates.key("client").toString(), "--data-dir", dataDir.toString());
            assertEquals(0, run.awaitExit(Duration.ofMinutes(5)), run.text());
            assertTrue(run.text().contains("identical"), run.text());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());

            LauncherRun untrusted = run("compare", "--source", source.tlsUri(), "--target", target.tlsUri());
            assertEquals(2, untrusted.awaitExit(Duration.ofMinutes(1)), untrusted.text());
            LauncherRun noCa = run("migrate", "--source", source.tlsUri(), "--target", target.tlsUri());
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
            LauncherRun run = run("compare", "--source", source.uri(), "--target", target.uri());
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
            LauncherRun run = run("compare", "--source", source.uri(), "--target", target.uri());
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
            LauncherRun run = run("compare", "--source", closed, "--target", closed);
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
                LauncherRun run = run("migrate", "--source", uris[0], "--target", uris[1]);
                assertEquals(2, run.awaitExit(Duration.ofMinutes(1)), run.text());
                assertTrue(run.text().startsWith("keyferry migrate: "), run.text());
                assertFalse(run.text().contains("Starting Kafka"), "checked before Kafka starts: " + run.text());
                assertFalse(run.text().contains("\tat "), "no stack trace on the console: " + run.text());
                assertFalse(run.text().contains("hunter2"), "a password is never printed: " + run.text());
                assertNothingLeftBehind();
            }
            // Live mode on a source whose keyspace notifications are off.
            LauncherRun live = run("migrate", "--mode", "live", "--source", source.uri(), "--target", source.uri());
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
            LauncherRun run = run("migrate", "--dry-run", "--source", source.uri(), "--target", stoppedTarget,
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
        LauncherRun run = run("migrate", "--help");
        assertEquals(0, run.awaitExit(Duration.ofMinutes(1)));
        for (String option : List.of("--source", "--target", "--mode", "--connect-url", "--bootstrap-servers",
                "--data-dir", "--source-password", "--dry-run", "--source-keys-per-second",
                "--target-writes-per-second")) {
            assertTrue(run.text().contains(option), option + " in:\n" + run.text());
        }
    }
}
