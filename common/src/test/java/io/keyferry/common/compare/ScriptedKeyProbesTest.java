package io.keyferry.common.compare;

import io.keyferry.common.read.KeyStateScript.Answer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What probe each answer of the key state script makes (the script itself runs in KeyspaceComparatorIT). */
class ScriptedKeyProbesTest {
    private static final byte[] PAYLOAD = {0, 5, 'h', 'e', 'l', 'l', 'o', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void aKeyReadWholeKeepsItsPttlAndDump() {
        KeyProbe probe = ScriptedKeyProbes.toProbe(new Answer("string", 5000, PAYLOAD, PAYLOAD.length));
        assertEquals("string", probe.type());
        assertEquals(5000, probe.pttl());
        assertArrayEquals(PAYLOAD, probe.dump());
        assertFalse(probe.big());
    }

    @Test
    void anEmptyPayloadIsNoDump() {
        assertEquals(new KeyProbe("none", -2, null), ScriptedKeyProbes.toProbe(new Answer("none", -2, new byte[0], 0)),
                "a missing key: no dump, as DUMP answers");
        assertEquals(new KeyProbe("hash", -1, null), ScriptedKeyProbes.toProbe(new Answer("hash", -1, new byte[0], 0)),
                "a DUMP the ACL refused gives no dump, as the per-command probe does");
    }

    @Test
    void aKeyOverTheLimitIsBigWithoutADump() {
        assertEquals(new KeyProbe("list", 10, null, true),
                ScriptedKeyProbes.toProbe(new Answer("list", 10, null, 2_000_000L)));
    }
}
