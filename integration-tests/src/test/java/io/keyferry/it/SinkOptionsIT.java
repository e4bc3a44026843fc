package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's key prefix options, WAIT for replicas (a primary with a real replica) and dry run, on real servers. */
class SinkOptionsIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RedisServer source;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void start() {
        source = RedisServer.start();
        producer = cluster.connect().kafka().createProducer(Map.of());
    }

    @AfterEach
    void stop() {
        cluster.deleteAll();
        producer.close();
        source.close();
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    /** Sends one record per key, each a real DUMP payload of the string "value of <key>". */
    private void send(String topic, List<String> keys) {
        for (String key : keys) {
            source.sync().set(b("scratch"), b("value of " + key));
            producer.send(new ProducerRecord<>(topic, 0, b(key), source.sync().dump(b("scratch"))));
        }
        producer.flush();
    }

    @Test
    void prefixIsStrippedWhenPresentThenAdded() {
        try (RedisServer target = RedisServer.start()) {
            cluster.createTopic("prefixed", 1);
            send("prefixed", List.of("app:user:1", "app:user:2", "other:3"));
            Map<String, String> sink = ConnectCluster.sinkConfig(target, "prefixed");
            sink.put("redis.key.prefix.strip", "app:");
            sink.put("redis.key.prefix.add", "eu:");
            cluster.deploy("prefix-sink", sink);

            Await.until("three keys", TIMEOUT, () -> target.sync().dbsize() == 3);
            assertEquals(List.of("eu:other:3", "eu:user:1", "eu:user:2"),
                    target.syncStrings().keys("*").stream().sorted().toList());
            assertArrayEquals(b("value of app:user:1"), target.sync().get(b("eu:user:1")));
            assertArrayEquals(b("value of other:3"), target.sync().get(b("eu:other:3")), "no prefix to strip: kept");
        }
    }

    @Test
    void waitsForTheReplicasItIsAskedFor() {
        try (RedisServer primary = RedisServer.start();
             RedisServer replica = RedisServer.start(RedisBinary.defaultBinary(), "--replicaof", "127.0.0.1",
                     String.valueOf(primary.port()))) {
            Await.until("the replica to be in sync", TIMEOUT,
                    () -> replica.syncStrings().info("replication").contains("master_link_status:up"));
            cluster.createTopic("replicated", 1);
            send("replicated", List.of("a", "b", "c"));

            Map<String, String> one = ConnectCluster.sinkConfig(primary, "replicated");
            one.put("redis.wait.replicas", "1");
            cluster.deploy("wait-one", one);
            Await.until("the keys on the replica", TIMEOUT, () -> replica.sync().dbsize() == 3);
            cluster.awaitRunning("wait-one");

            // Two replicas cannot acknowledge: WAIT is retried with the retry policy, then the task fails.
            Map<String, String> two = ConnectCluster.sinkConfig(primary, "replicated");
            two.put("redis.wait.replicas", "2");
            two.put("redis.wait.timeout.ms", "100");
            two.put("redis.retry.max.attempts", "3");
            two.put("redis.retry.backoff.ms", "10");
            cluster.deploy("wait-two", two);
            String trace = cluster.awaitTaskFailure("wait-two");
            assertTrue(trace.contains("1 of 2 replicas acknowledged the writes within 100 ms"), trace);
            assertTrue(trace.contains("redis.wait.replicas=2"), trace);
        }
    }

    /**
     * redis.dry.run: the sink counts every key by type, big keys in parts once each, and never writes to its
     * target (which runs none of the sink's commands).
     */
    @Test
    void aDryRunCountsEveryKeyByTypeAndWritesNothing() {
        try (RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeStrings(source, "sized", 2_000);
            BigKeys.write(source.sync(), 1 << 20, 10_000);
            Map<String, Long> expected = new TreeMap<>();
            for (byte[] key : source.sync().keys("*")) {
                expected.merge(source.sync().type(key), 1L, Long::sum);
            }
            cluster.createTopic("dry-run", 4);
            cluster.deploy("dry-run-source", ConnectCluster.sourceConfig(source, "dry-run", 4));
            Map<String, String> sink = ConnectCluster.sinkConfig(target, "dry-run");
            sink.put("redis.dry.run", "true");
            cluster.deploy("dry-run-sink", sink);

            Await.until("the dry run to count every key", TIMEOUT, () -> counted(expected.keySet(), "keys").values()
                    .stream().mapToLong(Long::longValue).sum() == source.sync().dbsize());
            assertEquals(expected, counted(expected.keySet(), "keys"));
            counted(expected.keySet(), "bytes").forEach((type, bytes) -> assertTrue(bytes > 0, type + ": " + bytes));
            assertEquals(0, target.sync().dbsize());
            String commands = target.syncStrings().info("commandstats");
            for (String write : List.of("restore", "set", "del", "eval", "evalsha", "multi", "script")) {
                assertTrue(!commands.contains("cmdstat_" + write + ":"),
                        () -> "the target ran " + write + ":\n" + commands);
            }
        }
    }

    /** The sink tasks' dry-run-<type>-<what> metrics, summed, for these types. */
    private static Map<String, Long> counted(Set<String> types, String what) {
        Map<String, Long> counts = new TreeMap<>();
        for (String type : types) {
            counts.put(type, cluster.taskMetric("dry-run-sink", 0, "dry-run-" + type + "-" + what)
                    + cluster.taskMetric("dry-run-sink", 1, "dry-run-" + type + "-" + what));
        }
        return counts;
    }
}
