package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegexValidatorTest {
    private final RegexValidator validator = new RegexValidator();

    @Test
    void acceptsEmptyNullAndValidPatterns() {
        assertDoesNotThrow(() -> validator.ensureValid("k", null));
        assertDoesNotThrow(() -> validator.ensureValid("k", ""));
        assertDoesNotThrow(() -> validator.ensureValid("k", "user:\\d+"));
        assertDoesNotThrow(() -> validator.ensureValid("k", "(a|b)*[xyz]{2,3}"));
    }

    @Test
    void rejectsAnInvalidPatternSayingWhere() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> validator.ensureValid("redis.key.include", "user:(\\d+"));
        assertTrue(e.getMessage().contains("redis.key.include"), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
        assertTrue(e.getMessage().contains("near index"), e.getMessage());
    }

    @Test
    void rejectsOtherBrokenPatterns() {
        assertThrows(ConfigException.class, () -> validator.ensureValid("k", "[a-"));
        assertThrows(ConfigException.class, () -> validator.ensureValid("k", "*x"));
    }
}
