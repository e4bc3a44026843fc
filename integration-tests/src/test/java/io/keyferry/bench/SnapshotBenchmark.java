package io.keyferry.bench;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Snapshot speed side by side with the physical anchors, on the same data in the same run: MIGRATE … COPY
 * REPLACE KEYS in batches of 1000 from SCAN (key by key, server to server), an RDB copy (redis-cli --rdb,
 * then a fresh server loading it), and the connectors (snapshot source → Kafka → restore sink) until the
 * target holds every key and then until the comparison verified it.
 *
 * <p>Arguments: {@code [keys] [sink write modes …]}, default {@code 1000000 restore}. One size per JVM,
 * so the peak heap and RSS printed are this size's.
 */
public final class SnapshotBenchmark {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (RedisServer source = RedisServer.start()) {
            BenchData.load(source, keys, 42);
            // Without this the server waits 5 s for more replicas before it streams the RDB to redis-cli.
            source.syncStrings().configSet("repl-diskless-sync-delay", "0");
            long datasetBytes = infoLong(source, "memory", "used_memory_dataset");
            Row.header(keys, datasetBytes);
            double migrate = time(() -> migrate(source));
            Row.print("MIGRATE COPY REPLACE KEYS x1000", keys, datasetBytes, migrate, migrate);
            double rdb = time(() -> rdbCopy(source));
            Row.print("RDB copy (redis-cli --rdb + load)", keys, datasetBytes, rdb, migrate);
            try (ConnectCluster cluster = ConnectCluster.start("snapshot-bench")) {
                resetPeaks();
                double[] ours = connectors(cluster, source);
                Row.print("keyferry snapshot -> restore (target complete)", keys, datasetBytes, ours[0], migrate);
                Row.print("keyferry snapshot -> restore (verified)", keys, datasetBytes, ours[1], migrate);
                System.out.printf(Locale.ROOT, "peak heap %d MB, peak RSS %d MB (Kafka broker, Connect worker and benchmark in one JVM)%n",
                        peakHeapBytes() >> 20, peakRssKilobytes() >> 10);
            }
        }
        System.exit(0);
    }

    private static RedisServer migrate(RedisServer source) {
        RedisServer target = RedisServer.start();
        RedisCommands<byte[], byte[]> redis = source.sync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.limit(1000));
            if (!page.getKeys().isEmpty()) {
                redis.migrate(target.host(), target.port(), 0, 60_000,
                        MigrateArgs.Builder.<byte[]>keys(page.getKeys()).copy().replace());
            }
            cursor = page;
        } while (!cursor.isFinished());
        return target;
    }

    private static RedisServer rdbCopy(RedisServer source) {
        try {
            Path dir = Files.createTempDirectory("bench-rdb");
            Process cli = new ProcessBuilder("redis-cli", "-h", source.host(), "-p", String.valueOf(source.port()),
                    "--rdb", dir.resolve("dump.rdb").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (cli.waitFor() != 0) {
                throw new IllegalStateException("redis-cli --rdb failed (is redis-cli installed?)");
            }
            RedisServer loaded = RedisServer.start(RedisBinary.defaultBinary(), "--dir", dir.toString(),
                    "--dbfilename", "dump.rdb");
            Await.until("the RDB to load", LIMIT, () -> infoLong(loaded, "persistence", "loading") == 0);
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return seconds until the target holds every key, and until the comparison verified it */
    private static double[] connectors(ConnectCluster cluster, RedisServer source) {
        try (RedisServer target = RedisServer.start()) {
            cluster.createTopic("bench", 8);
            return copyAndVerify(cluster, source, target, ConnectCluster.sourceConfig(source, "bench", 8),
                    ConnectCluster.sinkConfig(target, "bench"));
        }
    }

    /**
     * Deploys the connectors (the sink with 4 tasks), waits until the target holds every key, then compares.
     *
     * @return seconds until the target holds every key, and until the comparison verified it
     */
    static double[] copyAndVerify(ConnectCluster cluster, RedisDeployment source, RedisDeployment target,
                                  Map<String, String> sourceConfig, Map<String, String> sinkConfig) {
        long keys = source.dbsize();
        int sourceTasks = Integer.parseInt(sourceConfig.get("tasks.max"));
        sinkConfig.put("tasks.max", "4");
        long start = System.nanoTime();
        cluster.deploy("bench-source", sourceConfig);
        cluster.deploy("bench-sink", sinkConfig);
        Await.until("the source to read every key", LIMIT, () -> IntStream.range(0, sourceTasks)
                .mapToLong(task -> cluster.taskMetric("bench-source", task, "records-emitted")).sum() >= keys);
        System.out.printf(Locale.ROOT, "  (source read and handed over every key after %.2f s)%n",
                (System.nanoTime() - start) / 1e9);
        Await.until("the target to hold every key", LIMIT, () -> target.dbsize() == keys);
        double complete = (System.nanoTime() - start) / 1e9;
        ComparisonReport report = Keyspaces.compare(source, target);
        double verified = (System.nanoTime() - start) / 1e9;
        if (!report.identical()) {
            throw new IllegalStateException("the target differs from the source:\n" + report);
        }
        cluster.deleteAll();
        return new double[] {complete, verified};
    }

    private static double time(Supplier<RedisServer> copy) {
        long start = System.nanoTime();
        try (RedisServer target = copy.get()) {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    static long infoLong(RedisServer server, String section, String field) {
        for (String line : server.syncStrings().info(section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long peakRssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    /** One line of the results table. */
    static final class Row {
        static void header(int keys, long datasetBytes) {
            System.out.printf(Locale.ROOT, "%,d keys, %.1f MB dataset%n", keys, datasetBytes / 1e6);
            System.out.printf(Locale.ROOT, "%-50s %9s %12s %9s %10s%n", "method", "seconds", "keys/s", "MB/s",
                    "vs MIGRATE");
        }

        static void print(String method, long keys, long datasetBytes, double seconds, double migrateSeconds) {
            System.out.printf(Locale.ROOT, "%-50s %9.2f %,12.0f %9.1f %9.2fx%n", method, seconds, keys / seconds,
                    datasetBytes / 1e6 / seconds, migrateSeconds / seconds);
        }
    }
}
