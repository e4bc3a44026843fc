package io.keyferry.sink.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyRewriterTest {
    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void noPrefixesKeepTheKeyAsItIs() {
        KeyRewriter rewriter = new KeyRewriter("", null);
        byte[] key = {0, (byte) 0xff};
        assertTrue(rewriter.identity());
        assertSame(key, rewriter.rewrite(key));
    }

    @Test
    void stripsOnlyWhenTheKeyStartsWithThePrefix() {
        KeyRewriter rewriter = new KeyRewriter("app:", "");
        assertArrayEquals(b("user:1"), rewriter.rewrite(b("app:user:1")));
        assertArrayEquals(b("other:1"), rewriter.rewrite(b("other:1")), "kept as it is");
        assertArrayEquals(b("ap"), rewriter.rewrite(b("ap")), "shorter than the prefix");
        assertArrayEquals(new byte[0], rewriter.rewrite(b("app:")), "the prefix alone becomes the empty key");
    }

    @Test
    void addsAfterStripping() {
        KeyRewriter rewriter = new KeyRewriter("old:", "new:");
        assertArrayEquals(b("new:k"), rewriter.rewrite(b("old:k")));
        assertArrayEquals(b("new:k"), rewriter.rewrite(b("k")));
    }

    @Test
    void binaryKeysAndUtf8Prefixes() {
        KeyRewriter rewriter = new KeyRewriter("ключ:", "\u0001");
        byte[] key = new byte[] {(byte) 0xd0, (byte) 0xba, (byte) 0xd0, (byte) 0xbb, (byte) 0xd1, (byte) 0x8e,
                (byte) 0xd1, (byte) 0x87, ':', 0, (byte) 0xff};
        assertArrayEquals(new byte[] {1, 0, (byte) 0xff}, rewriter.rewrite(key));
    }
}
