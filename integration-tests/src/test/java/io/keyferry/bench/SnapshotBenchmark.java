package io.keyferry.bench;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
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
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Snapshot speed side by side with the physical anchors, on the same data in the same run: MIGRATE … COPY
 * REPLACE KEYS in batches of 1000 from SCAN (key by key, server to server), an RDB copy (redis-cli --rdb,
 * then a fresh server loading it), and the connectors with their shipped configs (snapshot source → Kafka →
 * sink, once in each write mode) until the target holds every key and then until the comparison verified it.
 *
 * <p>Arguments: {@code [keys] [sink write modes …]}, default {@code 1000000 restore typed}; a mode named twice copies
 * twice, the second time in a JVM the first copy warmed up (its compilations done). One size per JVM,
 * so the peak heap and RSS printed are this size's. With {@code -Dbench.big.keys=N}, N keys of 10 to 100 MB
 * (strings, hashes, sets, sorted sets and lists in turn) join the ordinary keys: MIGRATE moves each in one
 * call, the connectors in parts.
 */
public final class SnapshotBenchmark {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> writeModes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("restore", "typed");
        try (RedisServer source = RedisServer.start()) {
            BenchData.load(source, keys, 42);
            int bigKeys = Integer.getInteger("bench.big.keys", 0);
            loadBigKeys(source, bigKeys);
            keys += bigKeys;
            // Without this the server waits 5 s for more replicas before it streams the RDB to redis-cli.
            source.syncStrings().configSet("repl-diskless-sync-delay", "0");
            long datasetBytes = infoLong(source, "memory", "used_memory_dataset");
            Row.header(keys, datasetBytes);
            double migrate = Row.print("MIGRATE COPY REPLACE KEYS x1000", keys, datasetBytes,
                    measure(source, () -> migrate(source)), Double.NaN);
            Row.print("RDB copy (redis-cli --rdb + load)", keys, datasetBytes, measure(source, () -> rdbCopy(source)),
                    migrate);
            try (ConnectCluster cluster = ConnectCluster.start("snapshot-bench")) {
                resetPeaks();
                Map<String, Integer> copies = new HashMap<>();
                for (String mode : writeModes) {
                    // A mode named again copies again in the same (warm) JVM, as a worker that keeps running does.
                    int copy = copies.merge(mode, 1, Integer::sum);
                    Cost[] ours = connectors(cluster, source, mode, copy);
                    String label = (mode.equals("replication")
                            ? "keyferry RDB snapshot (redis.capture=replication) -> restore"
                            : "keyferry snapshot -> " + mode) + (copy > 1 ? ", copy " + copy : "");
                    Row.print(label + " (target complete)", keys, datasetBytes, ours[0], migrate);
                    Row.print(label + " (verified)", keys, datasetBytes, ours[1], migrate);
                }
                System.out.printf(Locale.ROOT, "peak heap %d MB, peak RSS %d MB "
                        + "(Kafka broker, Connect worker and benchmark in one JVM)%n",
                        peakHeapBytes() >> 20, peakRssKilobytes() >> 10);
            }
        }
        System.exit(0);
    }

    /** Keys of 10 to 100 MB, evenly spread, of the five collection and string types in turn. */
    private static void loadBigKeys(RedisServer source, int count) {
        String[] kinds = {"string", "hash", "set", "zset", "list"};
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            int megabytes = count == 1 ? 10 : 10 + i * 90 / (count - 1);
            String kind = kinds[i % kinds.length];
            String key = "big:" + kind + ":" + i;
            if (kind.equals("string")) {
                byte[] blob = new byte[megabytes << 20];
                random.nextBytes(blob);
                source.sync().set(key.getBytes(StandardCharsets.UTF_8), blob);
            } else {
                // About 100 bytes of memory per element (a list packs them tighter, so it gets more).
                BigKeys.fill(source.sync(), kind, key, megabytes * (kind.equals("list") ? 40_000 : 10_000));
            }
        }
        if (count > 0) {
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                bytes += source.sync().memoryUsage(("big:" + kinds[i % kinds.length] + ":" + i)
                        .getBytes(StandardCharsets.UTF_8));
            }
            System.out.printf(Locale.ROOT, "%d big keys, %.0f MB of memory on the source%n", count, bytes / 1e6);
        }
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

    /**
     * The shipped configs with the sink in this write mode, on a topic and connector names of their own.
     *
     * @param copy how many copies in this mode the JVM has made, this one included
     * @return the cost until the target holds every key, and until the comparison verified it
     */
    private static Cost[] connectors(ConnectCluster cluster, RedisServer source, String writeMode, int copy) {
        try (RedisServer target = RedisServer.start()) {
            String run = "bench-" + writeMode + (copy > 1 ? "-" + copy : "");
            cluster.createTopic(run, 8);
            Map<String, String> sinkConfig = ConnectCluster.shippedSinkConfig("sink.json", target, run);
            Map<String, String> sourceConfig = ConnectCluster.shippedSourceConfig("source.json", source, run);
            if (writeMode.equals("replication")) {
                // The snapshot from the RDB the source streams to a replica, written by RESTORE.
                sourceConfig.put("redis.mode", "live");
                sourceConfig.put("redis.capture", "replication");
                sourceConfig.put("redis.resync.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
                writeMode = "restore";
            }
            sinkConfig.put("redis.write.mode", writeMode);
            return copyAndVerify(cluster, run, source, target, sourceConfig, sinkConfig);
        }
    }

    /**
     * Deploys the connectors (the sink with 4 tasks) as {@code run}-source and {@code run}-sink, waits until the
     * target holds every key, then compares.
     *
     * @return the cost until the target holds every key, and until the comparison verified it
     */
    static Cost[] copyAndVerify(ConnectCluster cluster, String run, RedisDeployment source, RedisDeployment target,
                                Map<String, String> sourceConfig, Map<String, String> sinkConfig) {
        long keys = source.dbsize();
        sinkConfig.put("tasks.max", "4");
        overrides("bench.source.", sourceConfig);
        overrides("bench.sink.", sinkConfig);
        int sourceTasks = Integer.parseInt(sourceConfig.get("tasks.max"));
        long start = System.nanoTime();
        CpuMeter cpu = CpuMeter.start(source, target);
        cluster.deploy(run + "-source", sourceConfig);
        cluster.deploy(run + "-sink", sinkConfig);
        Await.until("the source to read every key", LIMIT, () -> IntStream.range(0, sourceTasks)
                .mapToLong(task -> cluster.taskMetric(run + "-source", task, "records-emitted")).sum() >= keys);
        System.out.printf(Locale.ROOT, "  (source read and handed over every key after %.2f s)%n",
                (System.nanoTime() - start) / 1e9);
        // A big key's copy leaves a marker on the target (docs/record-format.md): counted apart, once all keys are in.
        Await.until("the target to hold every key", LIMIT,
                () -> target.dbsize() >= keys && Keyspaces.keys(target) == keys);
        Cost complete = new Cost((System.nanoTime() - start) / 1e9, cpu.coreSeconds());
        ComparisonReport report = Keyspaces.compare(source, target);
        Cost verified = new Cost((System.nanoTime() - start) / 1e9, cpu.coreSeconds());
        if (!report.identical()) {
            throw new IllegalStateException("the target differs from the source:\n" + report);
        }
        cluster.deleteAll();
        return new Cost[] {complete, verified};
    }

    /**
     * Connector settings to try, given as system properties: {@code -Dbench.sink.consumer.override.fetch.min.bytes=…}
     * sets {@code consumer.override.fetch.min.bytes} on the sink, {@code -Dbench.source.…} on the source.
     */
    static void overrides(String prefix, Map<String, String> config) {
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix)).sorted()
                .forEach(name -> {
                    config.put(name.substring(prefix.length()), System.getProperty(name));
                    System.out.printf(Locale.ROOT, "  (%s%s=%s)%n", prefix.substring("bench.".length()),
                            name.substring(prefix.length()), System.getProperty(name));
                });
    }

    /** Times a copy from {@code source} into the server it starts, and counts the CPU both used. */
    private static Cost measure(RedisServer source, Supplier<RedisServer> copy) {
        long start = System.nanoTime();
        CpuMeter cpu = CpuMeter.start(source);
        try (RedisServer target = copy.get()) {
            return new Cost((System.nanoTime() - start) / 1e9, cpu.coreSeconds(target));
        }
    }

    /** A method's wall-clock seconds, and the core-seconds of CPU that every process it used spent. */
    record Cost(double seconds, double cpuSeconds) {
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
            System.out.printf(Locale.ROOT, "%-50s %9s %12s %9s %10s %9s%n", "method", "seconds", "keys/s", "MB/s",
                    "vs MIGRATE", "CPU s");
        }

        /**
         * @param migrateSeconds the reference's seconds; NaN when this row is the reference
         * @return this row's seconds
         */
        static double print(String method, long keys, long datasetBytes, Cost cost, double migrateSeconds) {
            double seconds = cost.seconds();
            double reference = Double.isNaN(migrateSeconds) ? seconds : migrateSeconds;
            System.out.printf(Locale.ROOT, "%-50s %9.2f %,12.0f %9.1f %9.2fx %9.1f%n", method, seconds,
                    keys / seconds, datasetBytes / 1e6 / seconds, reference / seconds, cost.cpuSeconds());
            return seconds;
        }
    }
}
