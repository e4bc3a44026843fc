package io.keyferry.source.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.read.KeyStateScript.Answer;
import io.keyferry.common.record.KeyState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What state each answer of the key state script makes (the reads themselves run in KeyStateReaderIT). */
class KeyStateReaderTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = {0, 1, 'x', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void aKeyReadWholeKeepsItsPayloadAndAbsoluteExpiry() {
        KeyState state = KeyStateReader.toState(KEY, new Answer("string", 1_700_000_000_000L, PAYLOAD,
                PAYLOAD.length), 3, 42);
        assertEquals("string", state.type());
        assertEquals(1_700_000_000_000L, state.expireAt());
        assertArrayEquals(PAYLOAD, state.dump());
        assertEquals(3, state.database());
        assertEquals(42, state.readTime());
        assertFalse(state.oversized());
    }

    @Test
    void aNegativeExpiryIsPersistent() {
        assertTrue(KeyStateReader.toState(KEY, new Answer("hash", -1, PAYLOAD, PAYLOAD.length), 0, 0).persistent());
    }

    @Test
    void aMissingKeyIsGone() {
        KeyState state = KeyStateReader.toState(KEY, new Answer("none", -2, new byte[0], 0), 0, 7);
        assertFalse(state.exists());
        assertNull(state.dump());
        assertEquals(7, state.readTime());
    }

    @Test
    void aKeyOverTheLimitIsOversizedWithItsSize() {
        KeyState state = KeyStateReader.toState(KEY, new Answer("list", 1_000L, null, 9_000_000L), 0, 0);
        assertTrue(state.oversized());
        assertEquals(9_000_000L, state.size());
        assertEquals(1_000L, state.expireAt());
    }
}
