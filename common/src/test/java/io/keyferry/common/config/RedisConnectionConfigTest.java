package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RedisConnectionConfigTest {
    private static final ConfigDef DEFINITION = RedisConnectionConfig.define(new ConfigDef());

    private static RedisConnectionConfig config(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new RedisConnectionConfig(DEFINITION, props);
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void passwordIsAPasswordTypeInTheConnectionGroup() {
        ConfigDef.ConfigKey password = DEFINITION.configKeys().get(RedisConnectionConfig.PASSWORD);
        assertEquals(ConfigDef.Type.PASSWORD, password.type);
        assertEquals(RedisConnectionConfig.GROUP, password.group);
        assertEquals(ConfigDef.Type.STRING, DEFINITION.configKeys().get(RedisConnectionConfig.URI).type);
    }

    @Test
    void uriIsRequiredAndValidated() {
        assertThrows(ConfigException.class, () -> config());
        assertThrows(ConfigException.class, () -> config(RedisConnectionConfig.URI, "http://h:1"));
    }

    @Test
    void defaultsAndTimeouts() {
        RedisEndpoint endpoint = config(RedisConnectionConfig.URI, "redis://h:1/2").endpoint();
        RedisURI uri = endpoint.uri();
        assertEquals("h", uri.getHost());
        assertEquals(1, uri.getPort());
        assertEquals(2, endpoint.database());
        assertEquals(Duration.ofMillis(10_000), uri.getTimeout());
        assertFalse(credentials(uri).hasUsername());
        assertFalse(credentials(uri).hasPassword());

        RedisURI custom = config(RedisConnectionConfig.URI, "redis://h:1", RedisConnectionConfig.TIMEOUT_MS, "250")
                .endpoint().uri();
        assertEquals(Duration.ofMillis(250), custom.getTimeout());
    }

    @Test
    void timeoutsMustBePositive() {
        List<ConfigValue> values = DEFINITION.validate(Map.of(RedisConnectionConfig.URI, "redis://h:1",
                RedisConnectionConfig.TIMEOUT_MS, "0", RedisConnectionConfig.CONNECT_TIMEOUT_MS, "-5"));
        for (ConfigValue value : values) {
            boolean bad = value.name().equals(RedisConnectionConfig.TIMEOUT_MS)
                    || value.name().equals(RedisConnectionConfig.CONNECT_TIMEOUT_MS);
            assertEquals(bad, !value.errorMessages().isEmpty(), value.name() + ": " + value.errorMessages());
        }
    }

    @Test
    void userAndPasswordAuthenticate() {
        RedisURI uri = config(RedisConnectionConfig.URI, "redis://h:1", RedisConnectionConfig.USER, "alice",
                RedisConnectionConfig.PASSWORD, "s3cret").endpoint().uri();
        assertEquals("alice", credentials(uri).getUsername());
        assertArrayEquals("s3cret".toCharArray(), credentials(uri).getPassword());
    }

    @Test
    void passwordAloneIsTheDefaultUsersPassword() {
        RedisURI uri = config(RedisConnectionConfig.URI, "redis://h:1", RedisConnectionConfig.PASSWORD, "s3cret")
                .endpoint().uri();
        assertFalse(credentials(uri).hasUsername());
        assertArrayEquals("s3cret".toCharArray(), credentials(uri).getPassword());
    }

    @Test
    void describeNeverShowsCredentials() {
        RedisEndpoint endpoint = config(RedisConnectionConfig.URI, "rediss://h:6380/3", RedisConnectionConfig.USER,
                "alice", RedisConnectionConfig.PASSWORD, "s3cret").endpoint();
        assertEquals("rediss://h:6380/3", endpoint.describe());

        ConfigException refused = assertThrows(ConfigException.class,
                () -> config(RedisConnectionConfig.URI, "redis://bob:hunter2@h:1"));
        assertFalse(refused.getMessage().contains("bob") || refused.getMessage().contains("hunter2"),
                refused.getMessage());
    }

    @Test
    void configToStringMasksThePassword() {
        String text = config(RedisConnectionConfig.URI, "redis://h:1", RedisConnectionConfig.PASSWORD, "s3cret")
                .values().toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains(RedisConnectionConfig.PASSWORD), text);
    }
}
