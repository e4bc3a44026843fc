package io.keyferry.common.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.read.KeyStateScript.Answer;
import io.keyferry.common.read.KeyStateScript.Reading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the script's flat reply becomes one answer per key, and how keys are grouped into calls (the script itself
 * runs on real servers in KeyStateReaderIT and KeyspaceComparatorIT).
 */
class KeyStateScriptTest {
    private static final byte[] PAYLOAD = {0, 5, 'h', 'e', 'l', 'l', 'o', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void threeValuesPerKeyBecomeOneAnswerEach() {
        List<Answer> answers = KeyStateScript.answers(List.of(
                b("string"), 1_700_000_000_000L, PAYLOAD,
                b("none"), -2L, new byte[0],
                b("hash"), -1L, 5_000_000L));

        assertEquals(3, answers.size());
        Answer string = answers.get(0);
        assertEquals("string", string.type());
        assertEquals(1_700_000_000_000L, string.expiry());
        assertArrayEquals(PAYLOAD, string.payload());
        assertEquals(PAYLOAD.length, string.size());
        assertFalse(string.overLimit());

        assertEquals("none", answers.get(1).type());
        assertEquals(0, answers.get(1).payload().length, "a missing key has an empty payload, as DUMP answers");

        Answer big = answers.get(2);
        assertTrue(big.overLimit(), "a number in place of the payload is the size of a key over the limit");
        assertEquals(5_000_000L, big.size());
        assertEquals(-1, big.expiry());
    }

    @Test
    void aReplyThatIsNotThreeValuesPerKeyIsRefused() {
        assertThrows(IllegalStateException.class, () -> KeyStateScript.answers(List.of(b("string"), 5000L)));
    }

    @Test
    void noKeysNoAnswers() {
        assertEquals(List.of(), KeyStateScript.answers(List.of()));
        assertEquals(List.of(), KeyStateScript.types(List.of()));
    }

    @Test
    void typesAreOnePerKey() {
        assertEquals(List.of("zset", "none", "stream"),
                KeyStateScript.types(List.of(b("zset"), b("none"), b("stream"))));
    }

    @Test
    void keysGoInGroupsOfAFewInTheirOrder() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < KeyStateScript.KEYS_PER_CALL * 2 + 1; i++) {
            keys.add(b("key:" + i));
        }
        List<List<byte[]>> groups = KeyStateScript.groups(keys);

        assertEquals(List.of(KeyStateScript.KEYS_PER_CALL, KeyStateScript.KEYS_PER_CALL, 1),
                groups.stream().map(List::size).toList());
        assertSame(keys.get(0), groups.get(0).get(0));
        assertSame(keys.get(KeyStateScript.KEYS_PER_CALL), groups.get(1).get(0));
        assertSame(keys.get(keys.size() - 1), groups.get(2).get(0));
        assertEquals(List.of(), KeyStateScript.groups(List.of()));
    }

    @Test
    void readingsAreTheScriptsArgument() {
        assertEquals(List.of("state", "probe", "type"), List.of(Reading.STATE.code(), Reading.PROBE.code(),
                Reading.TYPE.code()));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
