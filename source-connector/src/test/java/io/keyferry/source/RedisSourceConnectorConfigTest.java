package io.keyferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.SlotSet;
import io.keyferry.source.record.ValueFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class RedisSourceConnectorConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(RedisSourceConnectorConfig.URI, "redis://127.0.0.1:6379/0");
        props.put(RedisSourceConnectorConfig.TOPIC, "redis-keys");
        return props;
    }

    /** The keys with errors, each with its messages. */
    private static Map<String, List<String>> errors(Map<String, String> props) {
        return RedisSourceConnectorConfig.CONFIG_DEF.validate(props).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, List<String>> errorsWith(String key, String value) {
        Map<String, String> props = minimal();
        props.put(key, value);
        return errors(props);
    }

    @Test
    void defaults() {
        RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(minimal());
        assertEquals("redis-keys", config.topic());
        assertEquals(1, config.topicPartitions());
        assertEquals(1000, config.scanCount());
        assertEquals("", config.scanMatch());
        assertEquals("", config.scanType());
        assertTrue(config.keySelection(SlotSet.ALL).acceptsEveryScanned());
        assertEquals(0, config.endpoint().database());
    }

    @Test
    void formatIsDumpByDefaultAndStructOnRequest() {
        assertEquals(ValueFormat.DUMP, new RedisSourceConnectorConfig(minimal()).format());
        Map<String, String> props = minimal();
        props.put(RedisSourceConnectorConfig.FORMAT, "struct");
        assertEquals(ValueFormat.STRUCT, new RedisSourceConnectorConfig(props).format());
        assertTrue(errorsWith(RedisSourceConnectorConfig.FORMAT, "json")
                .containsKey(RedisSourceConnectorConfig.FORMAT));
    }

    @Test
    void theResyncConsumersSecretsArePasswordsAndReachTheConsumer() {
        Map<String, String> props = minimal();
        props.put("redis.resync.kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"u\" password=\"hunter2\";");
        props.put("redis.resync.kafka.ssl.truststore.password", "hunter3");
        RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(props);
        for (String secret : List.of("redis.resync.kafka.sasl.jaas.config", "redis.resync.kafka.ssl.keystore.password",
                "redis.resync.kafka.ssl.key.password", "redis.resync.kafka.ssl.truststore.password")) {
            assertEquals(ConfigDef.Type.PASSWORD, RedisSourceConnectorConfig.CONFIG_DEF.configKeys().get(secret).type,
                    secret);
        }
        String logged = config.values().toString();
        assertTrue(!logged.contains("hunter2") && !logged.contains("hunter3"), logged);
        assertEquals("hunter3", config.resyncConsumerConfig().get("ssl.truststore.password"));
        assertTrue(config.resyncConsumerConfig().get("sasl.jaas.config").toString().contains("hunter2"));
    }

    @Test
    void minimalConfigValidates() {
        assertEquals(Map.of(), errors(minimal()));
    }

    @Test
    void uriAndTopicAreRequired() {
        Map<String, List<String>> errors = errors(Map.of());
        assertEquals(Set.of(RedisSourceConnectorConfig.URI, RedisSourceConnectorConfig.TOPIC), errors.keySet());
    }

    @Test
    void topicPartitionsMustBeBetweenOneAndTheSlotCount() {
        assertEquals(Map.of(), errorsWith(RedisSourceConnectorConfig.TOPIC_PARTITIONS, "1"));
        assertEquals(Map.of(), errorsWith(RedisSourceConnectorConfig.TOPIC_PARTITIONS, "16384"));
        for (String bad : new String[] {"0", "16385", "-3"}) {
            Map<String, List<String>> errors = errorsWith(RedisSourceConnectorConfig.TOPIC_PARTITIONS, bad);
            assertEquals(Set.of(RedisSourceConnectorConfig.TOPIC_PARTITIONS), errors.keySet(), bad);
        }
    }

    @Test
    void badRegexIsReportedOnItsKey() {
        Map<String, List<String>> include = errorsWith(RedisSourceConnectorConfig.KEY_INCLUDE, "user:(");
        assertEquals(Set.of(RedisSourceConnectorConfig.KEY_INCLUDE), include.keySet());
        assertTrue(include.get(RedisSourceConnectorConfig.KEY_INCLUDE).get(0).contains("regular expression"));

        Map<String, List<String>> exclude = errorsWith(RedisSourceConnectorConfig.KEY_EXCLUDE, "[a-");
        assertEquals(Set.of(RedisSourceConnectorConfig.KEY_EXCLUDE), exclude.keySet());
    }

    @Test
    void scanTypeMustBeARedisType() {
        assertEquals(Map.of(), errorsWith(RedisSourceConnectorConfig.SCAN_TYPE, "hash"));
        Map<String, List<String>> errors = errorsWith(RedisSourceConnectorConfig.SCAN_TYPE, "document");
        assertEquals(Set.of(RedisSourceConnectorConfig.SCAN_TYPE), errors.keySet());
    }

    @Test
    void scanCountRange() {
        assertEquals(Set.of(RedisSourceConnectorConfig.SCAN_COUNT),
                errorsWith(RedisSourceConnectorConfig.SCAN_COUNT, "0").keySet());
        assertEquals(Set.of(RedisSourceConnectorConfig.SCAN_COUNT),
                errorsWith(RedisSourceConnectorConfig.SCAN_COUNT, "100001").keySet());
    }

    @Test
    void configuredValuesAreRead() {
        Map<String, String> props = minimal();
        props.put(RedisSourceConnectorConfig.TOPIC_PARTITIONS, "12");
        props.put(RedisSourceConnectorConfig.SCAN_COUNT, "50");
        props.put(RedisSourceConnectorConfig.SCAN_MATCH, "user:*");
        props.put(RedisSourceConnectorConfig.SCAN_TYPE, "zset");
        props.put(RedisSourceConnectorConfig.KEY_INCLUDE, "user:.*");
        props.put(RedisSourceConnectorConfig.KEY_EXCLUDE, "user:.*:tmp");
        RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(props);
        assertEquals(12, config.topicPartitions());
        assertEquals(50, config.scanCount());
        assertEquals("user:*", config.scanMatch());
        assertEquals("zset", config.scanType());
        assertTrue(config.keySelection(SlotSet.ALL).acceptsName("user:1".getBytes(StandardCharsets.UTF_8)));
        assertFalse(config.keySelection(SlotSet.ALL).acceptsName("user:1:tmp".getBytes(StandardCharsets.UTF_8)));
        assertFalse(config.keySelection(SlotSet.ALL).acceptsName("order:1".getBytes(StandardCharsets.UTF_8)));
    }
}
