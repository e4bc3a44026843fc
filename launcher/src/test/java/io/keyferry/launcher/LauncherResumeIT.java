package io.keyferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.keyferry.launcher.LauncherRun.recordsProduced;
import static io.keyferry.launcher.LauncherRun.scanned;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The launcher killed with kill -9 in the middle of its work, then the same command again on the same data
 * directory: snapshots resume from their committed cursors, live runs from their offsets.
 */
class LauncherResumeIT extends LauncherTest {
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
            LauncherRun first = run(args);
            Await.until("the scan to be under way", Duration.ofMinutes(3), () -> scanned(first.text()) > keys / 5,
                    first::text);
            first.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, first.awaitExit(Duration.ofMinutes(1)), first.text());
            // Killed again once the resumed run has written more than half: a resume of a resume.
            LauncherRun resumed = run(args);
            Await.until("the resumed copy to pass half", Duration.ofMinutes(3), () -> target.dbsize() > keys / 2,
                    resumed::text);
            resumed.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, resumed.awaitExit(Duration.ofMinutes(1)), resumed.text());
            assertTrue(resumed.text().contains("Resuming an earlier run: keyferry-keys holds ")
                    && resumed.text().contains("the snapshot goes on from SCAN cursor "), resumed.text());

            LauncherRun second = run(args);
            int exit = second.awaitExit(Duration.ofMinutes(5));
            assertEquals(0, exit, second.text());
            assertTrue(second.text().contains("identical"), second.text());
            assertTrue(second.text().contains("Resuming an earlier run: keyferry-keys holds "), second.text());
            long produced = recordsProduced(second.text());
            assertTrue(produced < keys * 13L / 10, "records produced in all runs: " + produced
                    + "; a copy from the start after each kill would have produced more than " + (keys * 17L / 10));
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> report.toString());

            LauncherRun third = run(args);
            assertEquals(0, third.awaitExit(Duration.ofMinutes(3)), third.text());
            assertEquals(produced, recordsProduced(third.text()), "a finished snapshot copies nothing again");
            assertTrue(third.text().contains("the snapshot was complete: nothing is copied again"), third.text());
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
            LauncherRun first = run(args);
            Await.until("the copy to be well under way", Duration.ofMinutes(3),
                    () -> target.dbsize() > keys / 3, first::text);
            first.process.toHandle().destroyForcibly();
            assertEquals(128 + 9, first.awaitExit(Duration.ofMinutes(1)), first.text());

            LauncherRun second = run(args);
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
            LauncherRun run = run("migrate", "--mode", "live", "--source", source.uri(), "--target", target.uri(),
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
            LauncherRun resumed = run("migrate", "--mode", "live", "--source", source.uri(), "--target", target.uri(),
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
            LauncherRun run = run(command);
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
            LauncherRun resumed = run(command);
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
}
