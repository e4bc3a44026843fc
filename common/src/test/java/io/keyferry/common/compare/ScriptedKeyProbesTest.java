package io.keyferry.common.compare;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the probe script's flat answer becomes one value per key (the script itself runs in KeyspaceComparatorIT). */
class ScriptedKeyProbesTest {
    private static final byte[] PAYLOAD = {0, 5, 'h', 'e', 'l', 'l', 'o', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void threeAnswersPerKeyBecomeOneProbeEach() {
        List<KeyProbe> probes = ScriptedKeyProbes.parseProbes(List.of(
                b("string"), 5000L, PAYLOAD,
                b("none"), -2L, new byte[0],
                b("hash"), -1L, new byte[0]));

        assertEquals(3, probes.size());
        assertEquals("string", probes.get(0).type());
        assertEquals(5000, probes.get(0).pttl());
        assertArrayEquals(PAYLOAD, probes.get(0).dump());
        assertEquals(new KeyProbe("none", -2, null), probes.get(1), "a missing key: no dump, as DUMP answers");
        assertEquals("hash", probes.get(2).type());
        assertEquals(-1, probes.get(2).pttl());
        assertNull(probes.get(2).dump(), "a DUMP the ACL refused gives no dump, as the per-command probe does");
    }

    @Test
    void typesAreOnePerKey() {
        assertEquals(List.of("zset", "none", "stream"),
                ScriptedKeyProbes.parseTypes(List.of(b("zset"), b("none"), b("stream"))));
    }

    @Test
    void anAnswerThatIsNotThreeValuesPerKeyIsRefused() {
        assertThrows(IllegalStateException.class, () -> ScriptedKeyProbes.parseProbes(List.of(b("string"), 5000L)));
    }

    @Test
    void noKeysNoProbes() {
        assertEquals(List.of(), ScriptedKeyProbes.parseProbes(List.of()));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
