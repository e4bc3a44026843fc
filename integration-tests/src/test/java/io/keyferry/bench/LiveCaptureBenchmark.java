package io.keyferry.bench;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Live capture under a write rate, by key-event notifications ({@code redis.capture=notifications}) and through
 * the replication protocol ({@code redis.capture=replication}), one after the other in this JVM on the same data
 * and the same writes. Each method gets a source loaded with {@link BenchData} (seed 42), the shipped
 * {@code source-live.json} with that capture and a change queue of the given capacity, and {@code sink.json}.
 * Once the target holds the snapshot, new keys are written at a steady rate ({@link LagProbe}, whose lag is
 * measured), and after every {@value #CHANGE_EVERY}th a change to a loaded key ({@link KeyChanges}: deletes,
 * expiries, renames, overwrites, updates of every type), the same in each run. When the writes stop, the benchmark
 * waits for the target to equal the source (the comparison utility), and reports the source task's counters over
 * the writes and that catch-up, the lag, and the CPU used meanwhile.
 *
 * <p>Arguments: {@code [seconds] [new keys per second] [redis.live.queue.capacity] [keys] [capture …]}, default
 * {@code 30 25000 100000 100000 notifications replication}: the default queue capacity, and on a 2-core machine more
 * new keys a second than the pipeline carries.
 */
public final class LiveCaptureBenchmark {
    /** One change to a loaded key for this many new keys. */
    private static final int CHANGE_EVERY = 4;
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final List<String> COUNTERS = List.of("records-emitted", "resyncs", "notifications-dropped",
            "full-syncs", "swept-tombstones", "keys-scanned");

    private LiveCaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
        int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int keys = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        List<String> captures = args.length > 4 ? List.of(args).subList(4, args.length)
                : List.of("notifications", "replication");
        System.out.printf(Locale.ROOT, "%,d keys, then for %d s %,d new keys/s and a change to a loaded key after "
                + "every %dth; redis.live.queue.capacity=%d%n", keys, seconds, rate, CHANGE_EVERY, capacity);
        List<Result> results = new ArrayList<>();
        try (ConnectCluster cluster = ConnectCluster.start("live-capture")) {
            for (String capture : captures) {
                results.add(measure(cluster, capture, seconds, rate, capacity, keys));
            }
        }
        Result.header();
        results.forEach(Result::print);
        if (results.size() == 2) {
            Result.ratios(results.get(0), results.get(1));
        }
        System.exit(0);
    }

    private static Result measure(ConnectCluster cluster, String capture, int seconds, int rate, int capacity,
                                  int keys) throws InterruptedException {
        String run = "capture-" + capture;
        String[] events = capture.equals("notifications") ? new String[] {"--notify-keyspace-events", "KEA"}
                : new String[0];
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), events);
             RedisServer target = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "Eg");
             LagProbe probe = new LagProbe(target, rate * seconds)) {
            BenchData.load(source, keys, 42);
            cluster.createTopic(run, 8);
            Map<String, String> sourceConfig = ConnectCluster.shippedSourceConfig("source-live.json", source, run);
            sourceConfig.put("redis.capture", capture);
            sourceConfig.put("redis.live.queue.capacity", String.valueOf(capacity));
            sourceConfig.put("redis.resync.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
            Map<String, String> sinkConfig = ConnectCluster.shippedSinkConfig("sink.json", target, run);
            SnapshotBenchmark.overrides("bench.source.", sourceConfig);
            SnapshotBenchmark.overrides("bench.sink.", sinkConfig);
            String connector = run + "-source";
            target.dbsize(); // this benchmark's clients exist before the source task's threads are told apart
            Predicate<Thread> sourceTask = deploy(cluster, connector, sourceConfig, keys);
            cluster.deploy(run + "-sink", sinkConfig);
            Await.until("the target to hold the snapshot", LIMIT, () -> Keyspaces.keys(target) == keys);
            System.out.printf(Locale.ROOT, "%s: snapshot copied; source task threads: %s%n", capture,
                    threadNames(sourceTask));

            KeyChanges changes = KeyChanges.of(source, CHANGE_EVERY, 7);
            Map<String, Long> atStart = counters(cluster, connector);
            CpuMeter all = CpuMeter.start(source, target);
            CpuMeter.Threads task = CpuMeter.Threads.start(sourceTask);
            double sourceServer = CpuMeter.serverSeconds(source);
            long start = System.nanoTime();
            double newKeysPerSecond = probe.write(source, rate, changes);
            long end = System.nanoTime();
            double writing = (end - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: writes done after %.1f s; waiting for the target to equal the "
                    + "source%n", capture, writing);
            // Counters and CPU up to the moment the target is caught up, the comparison's own work left out.
            Verdict verdict = awaitEqual(probe, source, target, () -> {
                Map<String, Long> counters = counters(cluster, connector);
                counters.replaceAll((name, value) -> value - atStart.get(name));
                return new Reading(counters, task.coreSeconds(), CpuMeter.serverSeconds(source) - sourceServer,
                        all.coreSeconds());
            });
            boolean equal = verdict.report().identical();
            if (!equal) {
                System.out.printf("%s: the target differs from the source:%n%s%n", capture, verdict.report());
            }
            long writes = probe.writes() + changes.sent();
            Result result = new Result(capture, writes, writes / writing,
                    newKeysPerSecond, verdict.reading(), probe.lags(), equal, (probe.lastArrival() - end) / 1e9,
                    SnapshotBenchmark.infoLong(source, "stats", "sync_full"));
            cluster.deleteAll();
            // Its link as a replica (flags S) or its subscription (P) closed: the servers can stop without errors.
            Await.until("the source task to stop", LIMIT, () -> !source.syncStrings().clientList().matches(
                    "(?s).*flags=[A-Za-z]*[SP].*"));
            return result;
        }
    }

    /**
     * Deploys the source and waits for its snapshot.
     *
     * @return the source task's threads: those its deployment started, less the worker's own pools (which the
     *         first deployment starts), and any of its own started later
     */
    private static Predicate<Thread> deploy(ConnectCluster cluster, String connector, Map<String, String> config,
                                            int keys) {
        Set<Long> before = CpuMeter.Threads.ids();
        cluster.deploy(connector, config);
        Await.until("the source to read every key", LIMIT,
                () -> cluster.taskMetric(connector, 0, "records-emitted") >= keys);
        Set<Long> started = CpuMeter.Threads.ids();
        started.removeAll(before);
        return thread -> (started.contains(thread.getId()) && !thread.getName().startsWith("StartAndStopExecutor")
                && !thread.getName().startsWith("SourceTaskOffsetCommitter"))
                || thread.getName().contains(connector) || thread.getName().startsWith("keyferry-replication-");
    }

    private static Map<String, Long> counters(ConnectCluster cluster, String connector) {
        Map<String, Long> values = new HashMap<>();
        COUNTERS.forEach(name -> values.put(name, cluster.taskMetric(connector, 0, name)));
        return values;
    }

    /**
     * Waits until the target equals the source: once every new key arrived and the key counts agree, the
     * comparison runs, and again after each that finds a difference, until {@link #LIMIT}.
     *
     * @param reading what to read just before each comparison
     * @return the last comparison, and the reading before it
     */
    private static Verdict awaitEqual(LagProbe probe, RedisServer source, RedisServer target,
                                      Supplier<Reading> reading) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.arrived() == probe.writes() && Keyspaces.keys(target) == source.dbsize()) {
                Reading before = reading.get();
                ComparisonReport report = Keyspaces.compare(source, target);
                if (report.identical()) {
                    return new Verdict(report, before);
                }
            }
            TimeUnit.SECONDS.sleep(1); // polling the pipeline's progress, a measurement's tail
        }
        Reading before = reading.get();
        return new Verdict(Keyspaces.compare(source, target), before);
    }

    /** The source task's counters over the writes and the catch-up, and the CPU used meanwhile, in core-seconds. */
    private record Reading(Map<String, Long> counters, double taskCpu, double sourceServerCpu, double allCpu) {
    }

    /** A comparison, and the reading taken just before it. */
    private record Verdict(ComparisonReport report, Reading reading) {
    }

    /** The names of the threads, numbers left out: what the source task runs on. */
    private static String threadNames(Predicate<Thread> chosen) {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(chosen)
                .forEach(thread -> names.add(thread.getName().replaceAll("\\d+", "#")));
        return String.join(", ", names);
    }

    /** One capture method's figures, over the writes and the catch-up after them. */
    private record Result(String capture, long writes, double writesPerSecond, double newKeysPerSecond,
                          Reading reading, LagProbe.Lags lags, boolean equal, double tail, long serverFullSyncs) {
        static void header() {
            System.out.printf("%-13s %9s %8s %8s %9s %7s %9s %6s %7s %8s %8s %8s %8s %6s %7s %7s %7s%n",
                    "capture", "writes", "writes/s", "new/s", "records", "resyncs", "dropped", "full", "swept",
                    "p50 ms", "p99 ms", "max ms", "arrived", "equal", "tail s", "task s", "all s");
        }

        long counter(String name) {
            return reading.counters().get(name);
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-13s %9d %8.0f %8.0f %9d %7d %9d %6d %7d %8.1f %8.1f %8.1f %8d %6s "
                    + "%7.1f %7.1f %7.1f%n", capture, writes, writesPerSecond, newKeysPerSecond,
                    counter("records-emitted"), counter("resyncs"), counter("notifications-dropped"),
                    counter("full-syncs"), counter("swept-tombstones"), lags.p50(), lags.p99(), lags.max(),
                    lags.arrived(), equal ? "yes" : "NO", tail, reading.taskCpu(), reading.allCpu());
            System.out.printf(Locale.ROOT, "  %s: keys rescanned %d, source server CPU %.1f s, its sync_full %d%n",
                    capture, counter("keys-scanned"), reading.sourceServerCpu(), serverFullSyncs);
        }

        /** The first method's figures divided by the second's. */
        static void ratios(Result first, Result second) {
            System.out.printf(Locale.ROOT, "%s / %s: writes/s %.2f, records %.2f, p50 %.2f, p99 %.2f, tail %.2f, "
                    + "source task CPU %.2f, source server CPU %.2f, all CPU %.2f%n",
                    first.capture, second.capture, first.writesPerSecond / second.writesPerSecond,
                    (double) first.counter("records-emitted") / second.counter("records-emitted"),
                    first.lags.p50() / second.lags.p50(), first.lags.p99() / second.lags.p99(),
                    first.tail / second.tail, first.reading.taskCpu() / second.reading.taskCpu(),
                    first.reading.sourceServerCpu() / second.reading.sourceServerCpu(),
                    first.reading.allCpu() / second.reading.allCpu());
        }
    }
}
