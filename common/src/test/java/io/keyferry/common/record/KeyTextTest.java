package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyTextTest {
    private static String printable(String key) {
        return KeyText.printable(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printableAsciiIsQuotedAsIs() {
        assertEquals("\"user:1000 ~x\"", printable("user:1000 ~x"));
        assertEquals("\"\"", printable(""));
    }

    @Test
    void otherBytesAreHexEscaped() {
        assertEquals("\"\\x00\\x7f\\x80\\xff\"", KeyText.printable(new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff}));
        assertEquals("\"a\\x0ab\\x1f\"", KeyText.printable(new byte[] {'a', '\n', 'b', 0x1f}));
        assertEquals("\"\\xc3\\xa9\"", printable("é"));
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"say \\\"hi\\\"\"", printable("say \"hi\""));
        assertEquals("\"a\\\\b\"", printable("a\\b"));
    }

    @Test
    void keysOverTwoHundredBytesAreShortened() {
        byte[] exact = new byte[200];
        Arrays.fill(exact, (byte) 'k');
        assertEquals("\"" + "k".repeat(200) + "\"", KeyText.printable(exact));

        byte[] longer = new byte[201];
        Arrays.fill(longer, (byte) 'k');
        assertEquals("\"" + "k".repeat(200) + "\"...(201 bytes)", KeyText.printable(longer));
    }

    @Test
    void nullKey() {
        assertEquals("(null)", KeyText.printable(null));
    }
}
