package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.junit.jupiter.api.Test;

class RecordHeadersTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DUMP = {0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0x0a, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};

    private static Object value(Headers headers, String name) {
        Header header = headers.lastWithName(name);
        return header == null ? null : header.value();
    }

    @Test
    void writesEveryHeaderOfAVolatileKeyAndReadsExpiryBack() {
        Headers headers = new ConnectHeaders();
        KeyState state = new KeyState(KEY, "string", 1_700_000_000_123L, DUMP, 3, 1_699_999_999_000L);
        RecordHeaders.write(headers, state, Operation.CHANGE, 42);

        assertEquals("change", value(headers, RecordHeaders.OPERATION));
        assertEquals("string", value(headers, RecordHeaders.TYPE));
        assertEquals(3, value(headers, RecordHeaders.DATABASE));
        assertEquals(42, value(headers, RecordHeaders.SLOT));
        assertEquals(1_699_999_999_000L, value(headers, RecordHeaders.EVENT_TIME));
        assertEquals(10, value(headers, RecordHeaders.RDB_VERSION));
        assertEquals(OptionalLong.of(1_700_000_000_123L), RecordHeaders.expireAt(headers));
    }

    @Test
    void persistentKeyHasNoExpiryHeader() {
        Headers headers = new ConnectHeaders();
        RecordHeaders.write(headers, new KeyState(KEY, "string", KeyState.PERSISTENT, DUMP, 0, 1L),
                Operation.SNAPSHOT, 0);
        assertEquals("snapshot", value(headers, RecordHeaders.OPERATION));
        assertNull(headers.lastWithName(RecordHeaders.EXPIRE_AT));
        assertEquals(OptionalLong.empty(), RecordHeaders.expireAt(headers));
        assertEquals("string", value(headers, RecordHeaders.TYPE));
    }

    @Test
    void tombstoneWritesNoTypeExpiryOrRdbVersion() {
        Headers headers = new ConnectHeaders();
        RecordHeaders.write(headers, KeyState.gone(KEY, 2, 5L), Operation.DELETE, 7);

        assertEquals("delete", value(headers, RecordHeaders.OPERATION));
        assertEquals(2, value(headers, RecordHeaders.DATABASE));
        assertEquals(7, value(headers, RecordHeaders.SLOT));
        assertEquals(5L, value(headers, RecordHeaders.EVENT_TIME));
        assertNull(headers.lastWithName(RecordHeaders.TYPE));
        assertNull(headers.lastWithName(RecordHeaders.EXPIRE_AT));
        assertNull(headers.lastWithName(RecordHeaders.RDB_VERSION));
        assertEquals(4, headers.size());
    }

    @Test
    void expireAtReadsNumbersDecimalTextAndItsBytes() {
        assertEquals(OptionalLong.of(123L),
                RecordHeaders.expireAt(new ConnectHeaders().addLong(RecordHeaders.EXPIRE_AT, 123L)));
        assertEquals(OptionalLong.of(45L),
                RecordHeaders.expireAt(new ConnectHeaders().addInt(RecordHeaders.EXPIRE_AT, 45)));
        assertEquals(OptionalLong.of(1_700_000_000_000L),
                RecordHeaders.expireAt(new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, "1700000000000")));
        assertEquals(OptionalLong.of(99L),
                RecordHeaders.expireAt(new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, " 99 ")));
        assertEquals(OptionalLong.of(1_700_000_000_001L), RecordHeaders.expireAt(new ConnectHeaders()
                .addBytes(RecordHeaders.EXPIRE_AT, "1700000000001".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void expireAtTakesTheLastHeader() {
        Headers headers = new ConnectHeaders().addLong(RecordHeaders.EXPIRE_AT, 1L)
                .addLong(RecordHeaders.EXPIRE_AT, 2L);
        assertEquals(OptionalLong.of(2L), RecordHeaders.expireAt(headers));
    }

    @Test
    void expireAtIsEmptyWhenAbsentOrNull() {
        assertEquals(OptionalLong.empty(), RecordHeaders.expireAt(new ConnectHeaders()));
        assertEquals(OptionalLong.empty(),
                RecordHeaders.expireAt(new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, null)));
    }

    @Test
    void expireAtRejectsGarbage() {
        Headers headers = new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, "tomorrow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordHeaders.expireAt(headers));
        assertTrue(e.getMessage().contains(RecordHeaders.EXPIRE_AT), e.getMessage());
        assertTrue(e.getMessage().contains("tomorrow"), e.getMessage());
    }

    @Test
    void partsCarryTheirCopyAndIndexAndOnlyTheLastCarriesCountAndExpiry() {
        KeyState state = KeyState.oversized(KEY, "hash", 1_700_000_000_123L, 5_000_000, 0, 1L);
        Headers before = new ConnectHeaders();
        RecordHeaders.writeChunk(before, Operation.CHUNK, state, 7, new ChunkPosition("v1", 3, false));
        assertEquals("chunk", value(before, RecordHeaders.OPERATION));
        assertEquals(new ChunkPosition("v1", 3, false, 1L), RecordHeaders.chunk(before), "with when the copy began");
        assertTrue(RecordHeaders.expireAt(before).isEmpty());
        assertNull(value(before, RecordHeaders.RDB_VERSION));

        Headers last = new ConnectHeaders();
        RecordHeaders.writeChunk(last, Operation.SNAPSHOT, state, 7, new ChunkPosition("v1", 4, true));
        assertEquals("snapshot", value(last, RecordHeaders.OPERATION));
        assertEquals(5, value(last, RecordHeaders.CHUNK_COUNT));
        assertEquals(new ChunkPosition("v1", 4, true, 1L), RecordHeaders.chunk(last));
        assertEquals(OptionalLong.of(1_700_000_000_123L), RecordHeaders.expireAt(last));
    }

    @Test
    void chunkHeadersAreReadAsTextAndBytesTooAndMustAgree() {
        Headers text = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addString(RecordHeaders.CHUNK_INDEX, "1").addString(RecordHeaders.CHUNK_COUNT, "2");
        assertEquals(new ChunkPosition("v2", 1, true), RecordHeaders.chunk(text));
        Headers bytes = new ConnectHeaders()
                .addBytes(RecordHeaders.CHUNK_VERSION, "v2".getBytes(StandardCharsets.UTF_8))
                .addBytes(RecordHeaders.CHUNK_INDEX, "0".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ChunkPosition("v2", 0, false), RecordHeaders.chunk(bytes));
        assertNull(RecordHeaders.chunk(new ConnectHeaders()));
        Headers disagreeing = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addInt(RecordHeaders.CHUNK_INDEX, 1).addInt(RecordHeaders.CHUNK_COUNT, 5);
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.chunk(disagreeing));
        Headers noIndex = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2");
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.chunk(noIndex));
    }
}
