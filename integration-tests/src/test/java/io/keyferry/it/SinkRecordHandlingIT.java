package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink on records written straight into the topic: tombstones, expiries already past, and payloads
 * that can be neither restored nor decoded (corrupt, or of a module type), which go to the dead letter queue
 * or fail the task as errors.tolerance says.
 */
class SinkRecordHandlingIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RedisServer source;
    private RedisServer target;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void startServers() {
        source = RedisServer.start();
        target = RedisServer.start();
        producer = cluster.connect().kafka().createProducer(Map.of());
    }

    @AfterEach
    void stopServers() {
        producer.close();
        source.close();
        target.close();
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    /** A real DUMP payload of a string value, as the source connector would emit it. */
    private byte[] dumpOf(String value) {
        source.sync().set(b("scratch"), b(value));
        return source.sync().dump(b("scratch"));
    }

    private void send(String topic, String key, byte[] payload, Long expireAt) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, b(key), payload);
        if (expireAt != null) {
            record.headers().add(new RecordHeader(RecordHeaders.EXPIRE_AT, b(String.valueOf(expireAt))));
        }
        producer.send(record);
        producer.flush();
    }

    private static byte[] corrupt(byte[] payload) {
        byte[] broken = payload.clone();
        broken[2] ^= 0x5a;
        return broken;
    }

    @Test
    void tombstonesDeleteAndPastExpiriesLeaveTheKeyAbsent() {
        String topic = "tombstones";
        cluster.createTopic(topic, 1);
        target.sync().set(b("deleted"), b("stale value on the target"));
        target.sync().set(b("expired"), b("stale value on the target"));
        send(topic, "deleted", null, null);
        send(topic, "expired", dumpOf("too late"), System.currentTimeMillis() - 60_000);
        send(topic, "future", dumpOf("kept"), System.currentTimeMillis() + 600_000);
        send(topic, "done", dumpOf("marker"), null);
        cluster.deploy("tombstone-sink", ConnectCluster.sinkConfig(target, topic));

        Await.until("the last record to be written", TIMEOUT, () -> target.sync().exists(b("done")) == 1);
        assertEquals(0, target.sync().exists(b("deleted")), "tombstone deletes the key");
        assertEquals(0, target.sync().exists(b("expired")), "an expiry in the past leaves the key absent");
        assertArrayEquals(b("kept"), target.sync().get(b("future")));
        long ttl = target.sync().pttl(b("future"));
        assertTrue(ttl > 590_000 && ttl <= 600_000, "absolute expiry kept: " + ttl);
        assertEquals(-1, target.sync().pttl(b("done")));
        cluster.delete("tombstone-sink");
    }

    /**
     * A value of a module type the target does not have, framed as DUMP frames it (valid RDB version and CRC64):
     * RESTORE answers "Bad data format" and the decoder cannot read module values either.
     */
    private static byte[] modulePayload() {
        return DumpPayload.frame(HexFormat.of().parseHex(MODULE_VALUE), 10);
    }

    // RDB_TYPE_MODULE_2: 64-bit module type ID of "ReJSON-RL" encoding version 3, an unsigned integer 42, EOF.
    private static final String MODULE_VALUE = "078145e25238df912c03022a00";

    @ParameterizedTest
    @ValueSource(strings = {"auto", "typed"})
    void undecodablePayloadsGoToTheDeadLetterQueueAndTheRestIsWritten(String mode) {
        String topic = "with-corrupt-" + mode;
        String dlq = topic + "-dlq";
        cluster.createTopic(topic, 1);
        cluster.createTopic(dlq, 1);
        send(topic, "good-1", dumpOf("one"), null);
        send(topic, "broken", corrupt(dumpOf("two")), null);
        send(topic, "json-doc", modulePayload(), null);
        send(topic, "good-2", dumpOf("three"), null);
        Map<String, String> sink = ConnectCluster.sinkConfig(target, topic);
        sink.put("redis.write.mode", mode);
        sink.put("errors.tolerance", "all");
        sink.put("errors.deadletterqueue.topic.name", dlq);
        sink.put("errors.deadletterqueue.topic.replication.factor", "1");
        sink.put("errors.deadletterqueue.context.headers.enable", "true");
        cluster.deploy("dlq-sink-" + mode, sink);

        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> dead : cluster.connect().kafka().consume(2, TIMEOUT.toMillis(), dlq)) {
            reasons.put(new String(dead.key(), UTF_8),
                    new String(dead.headers().lastHeader("__connect.errors.exception.message").value(), UTF_8));
        }
        assertEquals(Set.of("broken", "json-doc"), reasons.keySet());
        String corruptReason = reasons.get("broken");
        assertTrue(corruptReason.contains("CRC64") && corruptReason.contains("corrupt"), "says why: " + corruptReason);
        if (mode.equals("auto")) {
            assertTrue(corruptReason.contains("DUMP payload"), "gives the target's answer: " + corruptReason);
        }
        String moduleReason = reasons.get("json-doc");
        assertTrue(moduleReason.contains("module type 'ReJSON-RL'"), "says why: " + moduleReason);

        Await.until("the good records to be written", TIMEOUT, () -> target.sync().exists(b("good-2")) == 1);
        assertArrayEquals(b("one"), target.sync().get(b("good-1")));
        assertArrayEquals(b("three"), target.sync().get(b("good-2")));
        assertEquals(0, target.sync().exists(b("broken"), b("json-doc")));
        assertTrue(cluster.status("dlq-sink-" + mode).tasks().stream().allMatch(t -> "RUNNING".equals(t.state())));
        // One partition, two tasks: whichever task owns it counted the rejections.
        assertEquals(2, cluster.taskMetric("dlq-sink-" + mode, 0, "records-rejected")
                + cluster.taskMetric("dlq-sink-" + mode, 1, "records-rejected"));
        cluster.delete("dlq-sink-" + mode);
    }

    @Test
    void moduleValueFailsTheTaskWithoutTolerance() {
        String topic = "module-strict";
        cluster.createTopic(topic, 1);
        send(topic, "json-doc", modulePayload(), null);
        cluster.deploy("module-strict-sink", ConnectCluster.sinkConfig(target, topic));

        String trace = cluster.awaitTaskFailure("module-strict-sink");
        assertTrue(trace.contains("key \"json-doc\""), "names the key: " + trace);
        assertTrue(trace.contains("Bad data format"), "gives the target's answer: " + trace);
        assertTrue(trace.contains("module type 'ReJSON-RL'"), "says why the fallback cannot write it: " + trace);
        assertTrue(trace.contains("errors.tolerance=all"), "says how to carry on instead: " + trace);
        cluster.delete("module-strict-sink");
    }

    @Test
    void rejectedPayloadFailsTheTaskWithoutTolerance() {
        String topic = "corrupt-strict";
        cluster.createTopic(topic, 1);
        send(topic, "broken", corrupt(dumpOf("two")), null);
        cluster.deploy("strict-sink", ConnectCluster.sinkConfig(target, topic));

        String trace = cluster.awaitTaskFailure("strict-sink");
        assertTrue(trace.contains("key \"broken\""), "names the key: " + trace);
        assertTrue(trace.contains("DUMP payload"), "gives the target's reason: " + trace);
        assertTrue(trace.contains("corrupt"), "says the payload is corrupt: " + trace);
        assertTrue(trace.contains("errors.tolerance=all"), "says how to carry on instead: " + trace);
        cluster.delete("strict-sink");
    }

    @Test
    void writesStalledByTheTargetAreRetriedUntilTheyLand() {
        String topic = "stalled";
        cluster.createTopic(topic, 1);
        for (int i = 0; i < 100; i++) {
            send(topic, "key-" + i, dumpOf("value-" + i), null);
        }
        // The target holds every write for 5 s (reads, such as validation's PING, still pass); the
        // sink's commands time out after 300 ms and must be retried.
        target.syncStrings().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(5_000).add("WRITE"));
        Map<String, String> sink = ConnectCluster.sinkConfig(target, topic);
        sink.put("redis.timeout.ms", "300");
        sink.put("redis.retry.max.attempts", "40");
        sink.put("redis.retry.backoff.max.ms", "500");
        cluster.deploy("stalled-sink", sink);

        Await.until("every record to be written", TIMEOUT, () -> target.sync().dbsize() == 100);
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(b("value-" + i), target.sync().get(b("key-" + i)));
        }
        assertEquals("RUNNING", cluster.status("stalled-sink").tasks().get(0).state());
        cluster.delete("stalled-sink");
    }
}
