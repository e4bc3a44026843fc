package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.it.harness.RedisServer;
import io.keyferry.sink.RedisSinkConnector;
import io.keyferry.source.RedisSourceConnector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A wrong configuration fails validate() with a message on the key to change, before anything runs. */
class ConnectorValidationIT {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static Map<String, String> source(String key, String value) {
        Map<String, String> config = new HashMap<>(Map.of("redis.uri", redis.uri(), "redis.topic", "keys"));
        config.put(key, value);
        return config;
    }

    private static Map<String, String> sink(String key, String value) {
        Map<String, String> config = new HashMap<>(Map.of("redis.uri", redis.uri(), "topics", "keys"));
        config.put(key, value);
        return config;
    }

    /** Error messages per key, only for keys that have some. */
    private static Map<String, List<String>> errors(Connector connector, Map<String, String> config) {
        Config validated = connector.validate(config);
        return validated.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void goodConfigsPass() {
        assertEquals(Map.of(), errors(new RedisSourceConnector(), source("redis.scan.match", "user:*")));
        assertEquals(Map.of(), errors(new RedisSinkConnector(), sink("redis.retry.max.attempts", "3")));
    }

    @Test
    void malformedUriIsRejectedWithAnExampleAndWithoutEchoingSecrets() {
        for (Connector connector : List.of(new RedisSourceConnector(), new RedisSinkConnector())) {
            Map<String, String> config = connector instanceof RedisSourceConnector
                    ? source("redis.uri", "http://127.0.0.1:6379") : sink("redis.uri", "http://127.0.0.1:6379");
            String message = String.join(" ", errors(connector, config).get("redis.uri"));
            assertTrue(message.contains("redis://host:port"), message);

            config.put("redis.uri", "redis://alice:secret@127.0.0.1:6379");
            message = String.join(" ", errors(connector, config).get("redis.uri"));
            assertTrue(message.contains("carries credentials") && message.contains("redis.password"), message);
            assertFalse(message.contains("secret") || message.contains("alice"), message);
        }
    }

    @Test
    void unreachableServerIsReportedOnTheUri() throws IOException {
        String uri = "redis://127.0.0.1:" + closedPort();
        for (Connector connector : List.of(new RedisSourceConnector(), new RedisSinkConnector())) {
            Map<String, String> config = connector instanceof RedisSourceConnector
                    ? source("redis.uri", uri) : sink("redis.uri", uri);
            config.put("redis.connect.timeout.ms", "2000");
            String message = String.join(" ", errors(connector, config).get("redis.uri"));
            assertTrue(message.startsWith("Cannot reach Redis at " + uri), message);
        }
    }

    @Test
    void wrongPasswordIsReportedOnTheUri() {
        redis.syncStrings().configSet("requirepass", "right-password");
        try {
            Map<String, String> config = source("redis.password", "wrong-password");
            String message = String.join(" ", errors(new RedisSourceConnector(), config).get("redis.uri"));
            assertTrue(message.contains("Cannot reach Redis"), message);
            assertFalse(message.contains("wrong-password"), message);
            config.put("redis.password", "right-password");
            assertEquals(Map.of(), errors(new RedisSourceConnector(), config));
        } finally {
            redis.syncStrings().auth("right-password");
            redis.syncStrings().configSet("requirepass", "");
        }
    }

    @Test
    void badSourceSettingsNameTheKey() {
        RedisSourceConnector connector = new RedisSourceConnector();
        assertTrue(errors(connector, source("redis.topic.partitions", "0")).containsKey("redis.topic.partitions"));
        assertTrue(errors(connector, source("redis.key.include", "user:(")).get("redis.key.include").get(0)
                .contains("not a valid regular expression"));
        assertTrue(errors(connector, source("redis.scan.type", "sorted-set")).containsKey("redis.scan.type"));
        Map<String, String> noTopic = source("redis.topic", "x");
        noTopic.remove("redis.topic");
        assertTrue(errors(connector, noTopic).containsKey("redis.topic"));
    }

    @Test
    void aReplicationCaptureNeedsALiveMode() {
        RedisSourceConnector connector = new RedisSourceConnector();
        List<String> snapshot = errors(connector, source("redis.capture", "replication")).get("redis.capture");
        assertTrue(snapshot != null && snapshot.get(0).contains("set redis.mode to live"), String.valueOf(snapshot));
        Map<String, String> live = source("redis.capture", "replication");
        live.put("redis.mode", "live");
        live.put("redis.resync.kafka.bootstrap.servers", "localhost:9092");
        assertTrue(errors(connector, live).isEmpty(), "a standalone server without notification flags: "
                + errors(connector, live));
        assertTrue(errors(connector, source("redis.capture", "notify")).containsKey("redis.capture"));
    }

    @Test
    void badSinkSettingsNameTheKey() {
        RedisSinkConnector connector = new RedisSinkConnector();
        assertTrue(errors(connector, sink("redis.retry.max.attempts", "0")).containsKey("redis.retry.max.attempts"));
        assertTrue(errors(connector, sink("redis.timeout.ms", "soon")).containsKey("redis.timeout.ms"));
        assertTrue(errors(connector, sink("redis.write.mode", "fast")).containsKey("redis.write.mode"));
        assertTrue(errors(connector, sink("redis.wait.replicas", "-1")).containsKey("redis.wait.replicas"));
        Map<String, String> slowWait = sink("redis.wait.replicas", "1");
        slowWait.put("redis.wait.timeout.ms", "10000");
        assertTrue(errors(connector, slowWait).get("redis.wait.timeout.ms").get(0)
                .contains("must be less than redis.timeout.ms"));
        assertTrue(errors(new RedisSourceConnector(), source("redis.format", "avro")).containsKey("redis.format"));
    }
}
