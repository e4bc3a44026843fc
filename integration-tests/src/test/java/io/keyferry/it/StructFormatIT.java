package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code redis.format=struct} through Connect's JsonConverter with schemas: a typed sink rebuilds the
 * source exactly, and the topic holds JSON that any consumer can read without Keyferry.
 */
class StructFormatIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

    private static Map<String, String> jsonConverters(Map<String, String> config) {
        Map<String, String> json = new HashMap<>(config);
        json.put("key.converter", JSON);
        json.put("value.converter", JSON);
        json.put("key.converter.schemas.enable", "true");
        json.put("value.converter.schemas.enable", "true");
        return json;
    }

    @Test
    void structRecordsInJsonRebuildTheSourceAndAreReadableJson() throws IOException {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeTypedEdgeCases(source.sync());
            TestData.writeStrings(source, "bulk", 2_000);
            long keys = source.sync().dbsize();
            cluster.createTopic("struct-json", 4);
            Map<String, String> sourceConfig = ConnectCluster.sourceConfig(source, "struct-json", 4);
            sourceConfig.put("redis.format", "struct");
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "struct-json");
            sinkConfig.put("redis.write.mode", "typed");
            cluster.deploy("struct-source", jsonConverters(sourceConfig));
            cluster.deploy("struct-sink", jsonConverters(sinkConfig));

            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "target differs from source:\n" + report);
            assertEquals(keys, report.sourceKeys());

            JsonNode zset = readValueOf("zset:small", keys);
            assertEquals("io.keyferry.RedisValue", zset.get("schema").get("name").asText());
            JsonNode payload = zset.get("payload");
            assertEquals("zset", payload.get("type").asText());
            assertTrue(payload.get("hash").isNull());
            JsonNode members = payload.get("zset");
            assertEquals(4, members.size());
            Map<String, JsonNode> byMember = new HashMap<>();
            members.forEach(m -> byMember.put(new String(Base64.getDecoder().decode(m.get("member").asText()), UTF_8),
                    m));
            assertEquals(-2.5, byMember.get("b").get("score").asDouble());
            assertEquals("inf", byMember.get("c").get("score_text").asText());
            assertEquals("-inf", byMember.get("d").get("score_text").asText());

            JsonNode stream = readValueOf("stream:events", keys).get("payload").get("stream");
            assertEquals(50, stream.get("entries").size());
            String firstId = source.syncStrings().xrange("stream:events", Range.create("-", "+"), Limit.from(1))
                    .get(0).getId();
            assertEquals(firstId, stream.get("entries").get(0).get("id").asText(),
                    "the first entry's ID, as the source has it");
            assertEquals(2, stream.get("groups").size());
        }
    }

    /** The capture through the replication protocol turns the RDB's keys and the stream's into the same Structs. */
    @Test
    void aReplicationCaptureInStructFormatRebuildsTheSource() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start()) {
            TestData.writeEveryType(source.sync());
            TestData.writeTypedEdgeCases(source.sync());
            cluster.createTopic("struct-captured", 4);
            Map<String, String> sourceConfig = cluster.liveSourceConfig(source, "struct-captured", 4);
            sourceConfig.put("redis.capture", "replication");
            sourceConfig.put("redis.format", "struct");
            Map<String, String> sinkConfig = ConnectCluster.sinkConfig(target, "struct-captured");
            sinkConfig.put("redis.write.mode", "typed");
            cluster.deploy("struct-captured-source", jsonConverters(sourceConfig));
            cluster.deploy("struct-captured-sink", jsonConverters(sinkConfig));
            ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(report.identical(), () -> "after the RDB: target differs from source:\n" + report);

            source.syncStrings().hset("captured:hash", Map.of("f1", "v1", "f2", "v2"));
            source.syncStrings().zadd("zset:small", 7.5, "through the stream");
            ComparisonReport live = Keyspaces.awaitEqual(source, target, TIMEOUT);
            assertTrue(live.identical(), () -> "after the stream: target differs from source:\n" + live);
        }
    }

    /** The JSON value of one key's record, as a plain consumer of the topic reads it. */
    private static JsonNode readValueOf(String key, long records) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> record : cluster.connect().kafka().consume((int) records,
                TIMEOUT.toMillis(), "struct-json")) {
            JsonNode recordKey = mapper.readTree(record.key());
            String name = new String(Base64.getDecoder().decode(recordKey.get("payload").asText()), UTF_8);
            if (name.equals(key) && record.value() != null) {
                return mapper.readTree(record.value());
            }
        }
        throw new AssertionError("no record for " + key);
    }
}
