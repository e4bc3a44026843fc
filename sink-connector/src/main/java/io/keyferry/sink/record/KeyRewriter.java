package io.keyferry.sink.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code redis.key.prefix.strip} and {@code redis.key.prefix.add}: the target key is the source key with the
 * strip prefix removed when it starts with it (a key that does not is kept as it is), then the add prefix
 * put in front. Prefixes are UTF-8; keys stay bytes.
 */
public final class KeyRewriter {
    private final byte[] strip;
    private final byte[] add;

    public KeyRewriter(String strip, String add) {
        this.strip = strip == null ? new byte[0] : strip.getBytes(StandardCharsets.UTF_8);
        this.add = add == null ? new byte[0] : add.getBytes(StandardCharsets.UTF_8);
    }

    public boolean identity() {
        return strip.length == 0 && add.length == 0;
    }

    public byte[] rewrite(byte[] key) {
        if (identity()) {
            return key;
        }
        int from = startsWith(key, strip) ? strip.length : 0;
        byte[] rewritten = new byte[add.length + key.length - from];
        System.arraycopy(add, 0, rewritten, 0, add.length);
        System.arraycopy(key, from, rewritten, add.length, key.length - from);
        return rewritten;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return prefix.length > 0 && key.length >= prefix.length
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
