package io.keyferry.common.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class ChunkKeysTest {
    private static final byte[] KEY = "user:{42}:feed\u0000\u00ff".getBytes(UTF_8);

    @Test
    void aPartKeyNamesItsKeyAndIndexAndDiffersFromTheKey() {
        byte[] part = ChunkKeys.of(KEY, 17);
        assertFalse(java.util.Arrays.equals(KEY, part));
        assertArrayEquals(KEY, ChunkKeys.redisKey(part, 17));
        assertArrayEquals(KEY, ChunkKeys.redisKeyOf(part));
        assertArrayEquals(KEY, ChunkKeys.redisKeyOf(KEY), "an ordinary record's key is the key");
        assertTrue(ChunkKeys.isPartKey(part));
        assertFalse(ChunkKeys.isPartKey(KEY));
        assertThrows(IllegalArgumentException.class, () -> ChunkKeys.redisKey(part, 18));
        assertThrows(IllegalArgumentException.class, () -> ChunkKeys.redisKey(KEY, 0));
    }

    @Test
    void stagingKeysShareTheKeysSlotAndAreRecognised() {
        for (String text : new String[] {"plain", "user:{42}:feed", "a{}b", "a}b{", "{", "x{y", ""}) {
            byte[] key = text.getBytes(UTF_8);
            int slot = SlotHash.getSlot(key);
            assertEquals(slot, SlotHash.getSlot(StagingKeys.staging(key)), "staging of '" + text + "'");
            assertEquals(slot, SlotHash.getSlot(StagingKeys.marker(key)), "marker of '" + text + "'");
            assertTrue(StagingKeys.isStagingKey(StagingKeys.staging(key)));
            assertTrue(StagingKeys.isStagingKey(StagingKeys.marker(key)));
            assertFalse(StagingKeys.isStagingKey(key));
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] key = ("k" + i).getBytes(UTF_8);
            assertEquals(SlotHash.getSlot(key), SlotHash.getSlot(StagingKeys.staging(key)));
        }
    }
}
