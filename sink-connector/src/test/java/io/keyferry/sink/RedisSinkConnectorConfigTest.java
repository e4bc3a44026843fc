package io.keyferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.sink.write.RetryPolicy;
import io.keyferry.sink.write.WriteMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RedisSinkConnectorConfigTest {
    private static RedisSinkConnectorConfig config(String tolerance) {
        Map<String, String> props = new HashMap<>();
        props.put(RedisSinkConnectorConfig.URI, "redis://127.0.0.1:6379/0");
        if (tolerance != null) {
            props.put("errors.tolerance", tolerance);
        }
        return new RedisSinkConnectorConfig(props);
    }

    @Test
    void toleratesBadRecordsOnlyWhenToleranceIsAll() {
        assertTrue(config("all").toleratesBadRecords());
        assertTrue(config("ALL").toleratesBadRecords());
        assertTrue(config(" all ").toleratesBadRecords());
        assertFalse(config("none").toleratesBadRecords());
        assertFalse(config("").toleratesBadRecords());
        assertFalse(config(null).toleratesBadRecords());
    }

    @Test
    void retryDefaults() {
        assertEquals(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(10_000)),
                config(null).retryPolicy());
    }

    @Test
    void retrySettingsAreRead() {
        Map<String, String> props = new HashMap<>();
        props.put(RedisSinkConnectorConfig.URI, "redis://h:1");
        props.put(RedisSinkConnectorConfig.RETRY_MAX_ATTEMPTS, "3");
        props.put(RedisSinkConnectorConfig.RETRY_BACKOFF_MS, "5");
        props.put(RedisSinkConnectorConfig.RETRY_BACKOFF_MAX_MS, "40");
        assertEquals(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(40)),
                new RedisSinkConnectorConfig(props).retryPolicy());
    }

    @Test
    void retryAttemptsMustBePositive() {
        Map<String, String> props = Map.of(RedisSinkConnectorConfig.URI, "redis://h:1",
                RedisSinkConnectorConfig.RETRY_MAX_ATTEMPTS, "0");
        assertTrue(RedisSinkConnectorConfig.CONFIG_DEF.validate(props).stream()
                .anyMatch(v -> v.name().equals(RedisSinkConnectorConfig.RETRY_MAX_ATTEMPTS)
                        && !v.errorMessages().isEmpty()));
    }

    @Test
    void writeModeDefaultsToAutoAndIsValidated() {
        assertEquals(WriteMode.AUTO, config(null).writeMode());
        Map<String, String> props = Map.of(RedisSinkConnectorConfig.URI, "redis://h:1",
                RedisSinkConnectorConfig.WRITE_MODE, "struct");
        assertTrue(RedisSinkConnectorConfig.CONFIG_DEF.validate(props).stream()
                .anyMatch(v -> v.name().equals(RedisSinkConnectorConfig.WRITE_MODE) && !v.errorMessages().isEmpty()));
    }

    @Test
    void waitTimeoutMustBeShorterThanTheCommandTimeout() {
        Map<String, String> props = new HashMap<>();
        props.put(RedisSinkConnectorConfig.URI, "redis://h:1");
        props.put(RedisSinkConnectorConfig.WAIT_TIMEOUT_MS, "20000");
        assertNull(RedisSinkConnectorConfig.parse(props).waitTimeoutProblem(), "no WAIT, no problem");
        props.put(RedisSinkConnectorConfig.WAIT_REPLICAS, "1");
        ConfigException e = assertThrows(ConfigException.class, () -> RedisSinkConnectorConfig.parse(props));
        assertTrue(e.getMessage().contains("redis.wait.timeout.ms (20000) must be less than redis.timeout.ms (10000)"),
                e.getMessage());
        props.put(RedisSinkConnectorConfig.WAIT_TIMEOUT_MS, "500");
        assertEquals(1, RedisSinkConnectorConfig.parse(props).waitReplicas());
    }
}
