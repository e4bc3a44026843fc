package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyFilterTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noPatternsAcceptEverything() {
        for (KeyFilter filter : new KeyFilter[] {new KeyFilter(null, null, null), new KeyFilter(null, "", "")}) {
            assertTrue(filter.regexAcceptsAll());
            assertTrue(filter.accepts(bytes("anything")));
            assertTrue(filter.accepts(new byte[] {(byte) 0xff, 0}));
        }
    }

    @Test
    void includeOnly() {
        KeyFilter filter = new KeyFilter(null, "user:\\d+", null);
        assertFalse(filter.regexAcceptsAll());
        assertTrue(filter.accepts(bytes("user:1000")));
        assertFalse(filter.accepts(bytes("session:1000")));
    }

    @Test
    void excludeOnly() {
        KeyFilter filter = new KeyFilter(null, "", "tmp:.*");
        assertFalse(filter.regexAcceptsAll());
        assertTrue(filter.accepts(bytes("user:1")));
        assertFalse(filter.accepts(bytes("tmp:1")));
    }

    @Test
    void excludeWinsOverInclude() {
        KeyFilter filter = new KeyFilter(null, "user:.*", "user:.*:cache");
        assertTrue(filter.accepts(bytes("user:1")));
        assertFalse(filter.accepts(bytes("user:1:cache")));
        assertFalse(filter.accepts(bytes("order:1")));
    }

    @Test
    void patternsMustMatchTheWholeKey() {
        KeyFilter include = new KeyFilter(null, "user", null);
        assertTrue(include.accepts(bytes("user")));
        assertFalse(include.accepts(bytes("user:1")));
        assertFalse(include.accepts(bytes("superuser")));

        KeyFilter exclude = new KeyFilter(null, null, "tmp");
        assertTrue(exclude.accepts(bytes("tmp:1")));
        assertFalse(exclude.accepts(bytes("tmp")));
    }

    @Test
    void nonUtf8BytesReadAsReplacementCharacter() {
        byte[] key = {'k', ':', (byte) 0xff};
        assertTrue(new KeyFilter(null, "k:\uFFFD", null).accepts(key));
        assertTrue(new KeyFilter(null, "k:.", null).accepts(key));
        assertFalse(new KeyFilter(null, null, "k:.").accepts(key));
        assertFalse(new KeyFilter(null, "k:", null).accepts(key));
    }

    @Test
    void globSelectsEventKeysLikeScanMatch() {
        KeyFilter filter = new KeyFilter("user:*", null, "user:1.*");
        assertFalse(filter.accepts(bytes("session:2")), "outside the glob");
        assertTrue(filter.accepts(bytes("user:2")));
        assertFalse(filter.accepts(bytes("user:12")), "excluded");
        assertTrue(filter.regexAccepts(bytes("session:2")), "the glob is left to SCAN for scanned keys");
    }
}
