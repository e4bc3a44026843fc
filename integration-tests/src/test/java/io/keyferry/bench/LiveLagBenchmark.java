package io.keyferry.bench;

import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Replication lag of live mode: the time from a write on the source to the key's RESTORE on the target,
 * at steady write rates. Everything runs in this JVM on this machine (source and target redis-server,
 * Kafka, one Connect worker), so the clocks are one clock: the writer stamps each SET with its send time,
 * and a subscriber to the target's key-event notifications stamps the RESTORE of the same key.
 *
 * <p>Arguments: {@code [seconds per rate] [rate …]}, default {@code 20 1000 10000}.
 */
public final class LiveLagBenchmark {
    private LiveLagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] rates = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000, 10_000};
        try (ConnectCluster cluster = ConnectCluster.start("live-lag")) {
            System.out.printf("%-10s %10s %10s %10s %10s %10s %10s%n",
                    "rate/s", "writes", "arrived", "p50 ms", "p99 ms", "max ms", "achieved/s");
            for (int rate : rates) {
                measure(cluster, rate, seconds);
            }
        }
        System.exit(0);
    }

    private static void measure(ConnectCluster cluster, int rate, int seconds) throws InterruptedException {
        int writes = rate * seconds;
        long[] sent = new long[writes];
        long[] arrived = new long[writes];
        AtomicInteger arrivals = new AtomicInteger();
        String topic = "lag-" + rate;
        try (RedisServer source = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "KEA");
             RedisServer target = RedisServer.start(RedisBinary.defaultBinary(), "--notify-keyspace-events", "Eg")) {
            cluster.createTopic(topic, 8);
            Map<String, String> sourceConfig = ConnectCluster.shippedSourceConfig("source-live.json", source, topic);
            sourceConfig.put("redis.resync.kafka.bootstrap.servers", cluster.connect().kafka().bootstrapServers());
            Map<String, String> sinkConfig = ConnectCluster.shippedSinkConfig("sink.json", target, topic);
            SnapshotBenchmark.overrides("bench.source.", sourceConfig);
            SnapshotBenchmark.overrides("bench.sink.", sinkConfig);
            cluster.deploy(topic + "-source", sourceConfig);
            cluster.deploy(topic + "-sink", sinkConfig);
            cluster.awaitRunning(topic + "-source");
            cluster.awaitRunning(topic + "-sink");

            StatefulRedisPubSubConnection<String, String> events = target.client().connectPubSub();
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String key) {
                    if (key.startsWith("lag:")) {
                        int seq = Integer.parseInt(key.substring(4));
                        if (arrived[seq] == 0) {
                            arrived[seq] = System.nanoTime();
                            arrivals.incrementAndGet();
                        }
                    }
                }
            });
            events.sync().psubscribe("__keyevent@0__:restore");

            long started = System.nanoTime();
            try (StatefulRedisConnection<String, String> writer = source.client().connect()) {
                RedisAsyncCommands<String, String> commands = writer.async();
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                for (int seq = 0; seq < writes; seq++) {
                    long due = started + seq * interval;
                    long ahead = due - System.nanoTime();
                    if (ahead > 0) {
                        LockSupport.parkNanos(ahead); // pacing the load
                    }
                    sent[seq] = System.nanoTime();
                    commands.set("lag:" + seq, "v");
                }
            }
            long elapsed = System.nanoTime() - started;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (arrivals.get() < writes && System.nanoTime() < deadline) {
                Thread.sleep(50); // waiting out the tail of the measurement, not synchronising a test
            }
            events.close();
            report(rate, writes, sent, arrived, arrivals.get(), writes * 1e9 / elapsed);
            cluster.deleteAll();
        }
    }

    private static void report(int rate, int writes, long[] sent, long[] arrived, int count, double achieved) {
        double[] lags = new double[count];
        int n = 0;
        for (int i = 0; i < writes; i++) {
            if (arrived[i] != 0) {
                lags[n++] = (arrived[i] - sent[i]) / 1e6;
            }
        }
        Arrays.sort(lags, 0, n);
        System.out.printf(Locale.ROOT, "%-10d %10d %10d %10.1f %10.1f %10.1f %10.0f%n", rate, writes, n,
                percentile(lags, n, 0.50), percentile(lags, n, 0.99), n == 0 ? Double.NaN : lags[n - 1], achieved);
    }

    private static double percentile(double[] sorted, int n, double p) {
        return n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }
}
