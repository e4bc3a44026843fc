package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RedisUriValidatorTest {
    private final RedisUriValidator validator = new RedisUriValidator();

    private ConfigException rejected(Object value) {
        return assertThrows(ConfigException.class, () -> validator.ensureValid("redis.uri", value),
                String.valueOf(value));
    }

    @Test
    void acceptsRedisAndRedissUris() {
        assertDoesNotThrow(() -> validator.ensureValid("redis.uri", "redis://h:1/0"));
        assertDoesNotThrow(() -> validator.ensureValid("redis.uri", "rediss://h:6380"));
        assertDoesNotThrow(() -> validator.ensureValid("redis.uri", " redis://127.0.0.1:6379 "));
    }

    @Test
    void rejectsEmptyAndNull() {
        assertTrue(rejected("").getMessage().contains("empty"));
        assertTrue(rejected("   ").getMessage().contains("empty"));
        assertTrue(rejected(null).getMessage().contains("empty"));
    }

    @Test
    void rejectsOtherSchemes() {
        assertTrue(rejected("http://x").getMessage().contains("scheme"));
        assertTrue(rejected("garbage").getMessage().contains("scheme"));
        rejected("redis-sentinel://h:26379");
    }

    @Test
    void rejectsUriWithoutHost() {
        rejected("redis://");
        assertTrue(rejected("redis:///0").getMessage().contains("no host"));
    }

    @Test
    void messageNamesTheKeyAndGivesAnExample() {
        String message = rejected("http://x").getMessage();
        assertTrue(message.startsWith("redis.uri "), message);
        assertTrue(message.contains("redis://127.0.0.1:6379/0"), message);
    }

    @Test
    void messageNeverEchoesAUriCarryingAPassword() {
        for (String uri : new String[] {"http://:secret@h:1", "redis://:secret@", "redis://:secret@h:99999",
                "redis://user:secret@h:1/abc"}) {
            String message = rejected(uri).getMessage();
            assertFalse(message.contains("secret"), message);
        }
    }

    @Test
    void rejectsCredentialsInTheUriAndSaysWhereTheyGo() {
        for (String uri : new String[] {"redis://:secret@h:1", "redis://alice:secret@h:1/0", "redis://secret@h:1",
                "rediss://alice:s%40cret@h:6380", "redis://:sec ret@h:1"}) {
            String message = rejected(uri).getMessage();
            assertTrue(message.contains("carries credentials"), message);
            assertTrue(message.contains("redis.user and redis.password"), message);
            assertFalse(message.contains("secret") || message.contains("cret"), message);
            assertTrue(RedisUriValidator.hasCredentials(uri), uri);
        }
        assertFalse(RedisUriValidator.hasCredentials("redis://h:1/0?x=a@b"));
        assertFalse(RedisUriValidator.hasCredentials("redis://h:1"));
    }

    /** The parser's own message quotes the whole input, so it never reaches ours. */
    @Test
    void messageNeverEchoesAnUnparsableUriCarryingAPassword() {
        for (String uri : new String[] {"redis://:sec ret@h:1", "redis://:p%zz@h:1"}) {
            String message = rejected(uri).getMessage();
            assertFalse(message.contains("ret@h"), message);
            assertFalse(message.contains("p%zz"), message);
        }
    }
}
