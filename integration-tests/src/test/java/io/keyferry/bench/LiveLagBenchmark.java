package io.keyferry.bench;

import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

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

            try (LagProbe probe = new LagProbe(target, rate * seconds)) {
                double achieved = probe.write(source, rate);
                probe.awaitArrivals(60);
                LagProbe.Lags lags = probe.lags();
                System.out.printf(Locale.ROOT, "%-10d %10d %10d %10.1f %10.1f %10.1f %10.0f%n", rate, probe.writes(),
                        lags.arrived(), lags.p50(), lags.p99(), lags.max(), achieved);
            }
            cluster.deleteAll();
        }
    }
}
