package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactHeaderTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTombstoneSaysItsOperationDatabaseAndSlotOnly() {
        String text = CompactHeader.format(RecordMeta.of(KeyState.gone(KEY, 2, 5L), Operation.DELETE, 7));
        assertEquals("op=delete;db=2;slot=7", text);
        assertEquals(new RecordMeta(Operation.DELETE, null, 2, 7, -1, -1, -1, null), CompactHeader.parse(text));
    }

    @Test
    void partsCarryTheirCopyIndexAndWhenTheCopyBegan() {
        KeyState state = KeyState.oversized(KEY, "hash", 1_700_000_000_123L, 5_000_000, 0, 1_699_000_000_000L);
        RecordMeta before = RecordMeta.ofPart(state, Operation.CHUNK, 7, new ChunkPosition("v1", 3, false));
        String text = CompactHeader.format(before);
        assertEquals("op=chunk;db=0;slot=7;type=hash;chunk.version=v1;chunk.index=3;event.time=1699000000000", text);
        assertEquals(new ChunkPosition("v1", 3, false, 1_699_000_000_000L), CompactHeader.parse(text).chunk());

        RecordMeta last = RecordMeta.ofPart(state, Operation.SNAPSHOT, 7, new ChunkPosition("v1", 4, true));
        RecordMeta read = CompactHeader.parse(CompactHeader.format(last));
        assertEquals(new ChunkPosition("v1", 4, true, 1_699_000_000_000L), read.chunk());
        assertEquals(1_700_000_000_123L, read.expireAt(), "the last part carries the key's expiry");
        assertEquals(Operation.SNAPSHOT, read.operation());
    }

    @Test
    void fieldsOfALaterVersionAreSkipped() {
        RecordMeta meta = CompactHeader.parse("op=snapshot;db=0;origin=eu-1;slot=3;future.flag=");
        assertEquals(0, meta.database());
        assertEquals(3, meta.slot());
        assertNull(CompactHeader.parse("op=rewrite;db=0").operation(), "an operation this version does not know");
    }

    @Test
    void aMalformedFieldOrNumberIsAnErrorNamingTheHeader() {
        IllegalArgumentException noEquals = assertThrows(IllegalArgumentException.class,
                () -> CompactHeader.parse("op=snapshot;db"));
        assertTrue(noEquals.getMessage().contains(CompactHeader.NAME), noEquals.getMessage());
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> CompactHeader.parse("op=snapshot;expire.at=soon"));
        assertTrue(notNumber.getMessage().contains("expire.at") && notNumber.getMessage().contains("soon"),
                notNumber.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CompactHeader.parse("chunk.version=v1;chunk.index=1;chunk.count=5"), "count must be index + 1");
        assertThrows(IllegalArgumentException.class, () -> CompactHeader.parse("chunk.version=v1"), "no index");
    }

    @Test
    void fieldsTheSinkNeedsNotAreNotGivenWhenUnreadable() {
        RecordMeta meta = CompactHeader.parse("op=snapshot;db=9999999999;slot=x;rdb.version=;expire.at=12");
        assertEquals(new RecordMeta(Operation.SNAPSHOT, null, -1, -1, 12L, -1, -1, null), meta);
        assertThrows(IllegalArgumentException.class,
                () -> CompactHeader.parse("chunk.version=v1;chunk.index=-1"), "an index below 0");
    }
}
