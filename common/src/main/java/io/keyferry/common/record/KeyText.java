package io.keyferry.common.record;

/**
 * Renders binary Redis keys for logs and error messages: printable ASCII as is, every other byte as
 * {@code \xNN}, the way redis-cli shows them, and long keys shortened so a message stays readable.
 */
public final class KeyText {
    private static final int MAX_BYTES = 200;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private KeyText() {
    }

    public static String printable(byte[] key) {
        if (key == null) {
            return "(null)";
        }
        int shown = Math.min(key.length, MAX_BYTES);
        StringBuilder text = new StringBuilder(shown + 2);
        text.append('"');
        for (int i = 0; i < shown; i++) {
            int b = key[i] & 0xff;
            if (b == '"' || b == '\\') {
                text.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        text.append('"');
        if (key.length > shown) {
            text.append("...(").append(key.length).append(" bytes)");
        }
        return text.toString();
    }
}
