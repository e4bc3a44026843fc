package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlobPatternTest {
    private static boolean matches(String glob, String key) {
        return new GlobPattern(glob).matches(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void starAndQuestionMark() {
        assertTrue(matches("user:*", "user:"));
        assertTrue(matches("user:*", "user:1:profile"));
        assertFalse(matches("user:*", "users:1"));
        assertTrue(matches("h?llo", "hallo"));
        assertFalse(matches("h?llo", "hllo"));
    }

    @Test
    void classesRangesAndNegation() {
        assertTrue(matches("h[ae]llo", "hello"));
        assertFalse(matches("h[ae]llo", "hillo"));
        assertTrue(matches("h[^e]llo", "hallo"));
        assertFalse(matches("h[^e]llo", "hello"));
        assertTrue(matches("k[a-c]", "kb"));
        assertTrue(matches("k[c-a]", "kb"), "Redis accepts reversed ranges");
        assertFalse(matches("k[a-c]", "kd"));
    }

    @Test
    void escapesAndRegexCharactersAreLiteral() {
        assertTrue(matches("a\\*b", "a*b"));
        assertFalse(matches("a\\*b", "axb"));
        assertTrue(matches("price.(usd)+", "price.(usd)+"));
        assertFalse(matches("price.(usd)+", "priceX(usd)"));
    }

    @Test
    void matchesBinaryKeysByteForByte() {
        assertTrue(new GlobPattern("k:*").matches(new byte[] {'k', ':', 0, (byte) 0xff, '\n'}));
        assertTrue(matches("ключ:*", "ключ:1"));
        assertFalse(matches("ключ:?", "ключ:ü"), "? is one byte, as in Redis");
    }
}
