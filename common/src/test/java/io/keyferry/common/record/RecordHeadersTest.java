package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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

    private static Headers separate(RecordMeta meta) {
        Headers headers = new ConnectHeaders();
        RecordHeaders.write(headers, HeaderFormat.SEPARATE, meta);
        return headers;
    }

    private static long expireAt(Headers headers) {
        return RecordHeaders.read(headers).expireAt();
    }

    private static ChunkPosition chunk(Headers headers) {
        return RecordHeaders.read(headers).chunk();
    }

    @Test
    void writesEveryHeaderOfAVolatileKeyAndReadsThemBack() {
        KeyState state = new KeyState(KEY, "string", 1_700_000_000_123L, DUMP, 3, 1_699_999_999_000L);
        RecordMeta meta = RecordMeta.of(state, Operation.CHANGE, 42);
        Headers headers = separate(meta);

        assertEquals("change", value(headers, RecordHeaders.OPERATION));
        assertEquals("string", value(headers, RecordHeaders.TYPE));
        assertEquals(3, value(headers, RecordHeaders.DATABASE));
        assertEquals(42, value(headers, RecordHeaders.SLOT));
        assertEquals(1_699_999_999_000L, value(headers, RecordHeaders.EVENT_TIME));
        assertEquals(10, value(headers, RecordHeaders.RDB_VERSION));
        assertEquals(1_700_000_000_123L, value(headers, RecordHeaders.EXPIRE_AT));
        assertEquals(meta, RecordHeaders.read(headers));
    }

    @Test
    void persistentKeyHasNoExpiryHeader() {
        Headers headers = separate(RecordMeta.of(new KeyState(KEY, "string", KeyState.PERSISTENT, DUMP, 0, 1L),
                Operation.SNAPSHOT, 0));
        assertEquals("snapshot", value(headers, RecordHeaders.OPERATION));
        assertNull(headers.lastWithName(RecordHeaders.EXPIRE_AT));
        assertEquals(-1, expireAt(headers));
        assertEquals("string", value(headers, RecordHeaders.TYPE));
    }

    @Test
    void tombstoneWritesNoTypeExpiryOrRdbVersion() {
        Headers headers = separate(RecordMeta.of(KeyState.gone(KEY, 2, 5L), Operation.DELETE, 7));

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
    void separateHeadersAreReadAsNumbersDecimalTextAndItsBytes() {
        assertEquals(123L, expireAt(new ConnectHeaders().addLong(RecordHeaders.EXPIRE_AT, 123L)));
        assertEquals(45L, expireAt(new ConnectHeaders().addInt(RecordHeaders.EXPIRE_AT, 45)));
        assertEquals(1_700_000_000_000L,
                expireAt(new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, "1700000000000")));
        assertEquals(99L, expireAt(new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, " 99 ")));
        assertEquals(1_700_000_000_001L, expireAt(new ConnectHeaders()
                .addBytes(RecordHeaders.EXPIRE_AT, "1700000000001".getBytes(StandardCharsets.UTF_8))));
        RecordMeta text = RecordHeaders.read(new ConnectHeaders().addString(RecordHeaders.DATABASE, "4")
                .addBytes(RecordHeaders.TYPE, "zset".getBytes(StandardCharsets.UTF_8))
                .addString(RecordHeaders.OPERATION, "snapshot"));
        assertEquals(4, text.database());
        assertEquals("zset", text.type());
        assertEquals(Operation.SNAPSHOT, text.operation());
    }

    @Test
    void theLastHeaderOfANameCounts() {
        Headers headers = new ConnectHeaders().addLong(RecordHeaders.EXPIRE_AT, 1L)
                .addLong(RecordHeaders.EXPIRE_AT, 2L);
        assertEquals(2L, expireAt(headers));
    }

    @Test
    void whatNoHeaderSaysIsUnknown() {
        assertEquals(RecordMeta.NONE, RecordHeaders.read(new ConnectHeaders()));
        Headers noneOfOurs = new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, null).addString("other", "x");
        assertEquals(RecordMeta.NONE, RecordHeaders.read(noneOfOurs));
        assertNull(RecordHeaders.read(new ConnectHeaders().addString(RecordHeaders.OPERATION, "later")).operation(),
                "an operation of a later version is no error");
    }

    @Test
    void separateHeadersRejectGarbage() {
        Headers headers = new ConnectHeaders().addString(RecordHeaders.EXPIRE_AT, "tomorrow");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordHeaders.read(headers));
        assertTrue(e.getMessage().contains(RecordHeaders.EXPIRE_AT), e.getMessage());
        assertTrue(e.getMessage().contains("tomorrow"), e.getMessage());
    }

    @Test
    void partsCarryTheirCopyAndIndexAndOnlyTheLastCarriesCountAndExpiry() {
        KeyState state = KeyState.oversized(KEY, "hash", 1_700_000_000_123L, 5_000_000, 0, 1L);
        Headers before = separate(RecordMeta.ofPart(state, Operation.CHUNK, 7, new ChunkPosition("v1", 3, false)));
        assertEquals("chunk", value(before, RecordHeaders.OPERATION));
        assertEquals(new ChunkPosition("v1", 3, false, 1L), chunk(before), "with when the copy began");
        assertEquals(-1, expireAt(before));
        assertNull(value(before, RecordHeaders.RDB_VERSION));

        Headers last = separate(RecordMeta.ofPart(state, Operation.SNAPSHOT, 7, new ChunkPosition("v1", 4, true)));
        assertEquals("snapshot", value(last, RecordHeaders.OPERATION));
        assertEquals(5, value(last, RecordHeaders.CHUNK_COUNT));
        assertEquals(new ChunkPosition("v1", 4, true, 1L), chunk(last));
        assertEquals(1_700_000_000_123L, expireAt(last));
    }

    @Test
    void chunkHeadersAreReadAsTextAndBytesTooAndMustAgree() {
        Headers text = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addString(RecordHeaders.CHUNK_INDEX, "1").addString(RecordHeaders.CHUNK_COUNT, "2");
        assertEquals(new ChunkPosition("v2", 1, true), chunk(text));
        Headers bytes = new ConnectHeaders()
                .addBytes(RecordHeaders.CHUNK_VERSION, "v2".getBytes(StandardCharsets.UTF_8))
                .addBytes(RecordHeaders.CHUNK_INDEX, "0".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ChunkPosition("v2", 0, false), chunk(bytes));
        assertNull(chunk(new ConnectHeaders()));
        Headers disagreeing = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addInt(RecordHeaders.CHUNK_INDEX, 1).addInt(RecordHeaders.CHUNK_COUNT, 5);
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.read(disagreeing));
        Headers noIndex = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2");
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.read(noIndex));
    }

    @Test
    void theCompactFormIsOneHeaderThatReadsBackToTheSameMetadata() {
        KeyState state = new KeyState(KEY, "string", 1_700_000_000_123L, DUMP, 3, 1_699_999_999_000L);
        RecordMeta meta = RecordMeta.of(state, Operation.CHANGE, 42);
        Headers headers = new ConnectHeaders();
        RecordHeaders.write(headers, HeaderFormat.COMPACT, meta);

        assertEquals(1, headers.size());
        assertEquals("op=change;db=3;slot=42;type=string;rdb.version=10;expire.at=1700000000123",
                value(headers, CompactHeader.NAME));
        RecordMeta read = RecordHeaders.read(headers);
        assertEquals(new RecordMeta(Operation.CHANGE, "string", 3, 42, 1_700_000_000_123L, 10, -1, null), read,
                "the time read is the record's timestamp, not in the header");
    }

    @Test
    void theCompactHeaderIsReadAsTextOrBytesAndWinsOverSeparateHeaders() {
        byte[] text = "op=snapshot;db=1;slot=9;type=hash;rdb.version=11".getBytes(StandardCharsets.UTF_8);
        Headers headers = new ConnectHeaders().addInt(RecordHeaders.DATABASE, 5).addBytes(CompactHeader.NAME, text);
        RecordMeta meta = RecordHeaders.read(headers);
        assertEquals(1, meta.database());
        assertEquals("hash", meta.type());
        assertEquals(-1, meta.expireAt());
    }

    @Test
    void fieldsTheSinkNeedsNotAreNotGivenWhenUnreadableAndPositionsOutOfRangeAreErrors() {
        RecordMeta odd = RecordHeaders.read(new ConnectHeaders().addString(RecordHeaders.DATABASE, "4294967296")
                .addString(RecordHeaders.SLOT, "north").addString(RecordHeaders.RDB_VERSION, "-3")
                .addString(RecordHeaders.EVENT_TIME, "yesterday").addLong(RecordHeaders.EXPIRE_AT, 7L));
        assertEquals(new RecordMeta(null, null, -1, -1, 7L, -1, -1, null), odd);

        Headers hugeIndex = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addLong(RecordHeaders.CHUNK_INDEX, 1L << 33);
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.read(hugeIndex));
        Headers negativeCount = new ConnectHeaders().addString(RecordHeaders.CHUNK_VERSION, "v2")
                .addInt(RecordHeaders.CHUNK_INDEX, 0).addInt(RecordHeaders.CHUNK_COUNT, -5);
        assertThrows(IllegalArgumentException.class, () -> RecordHeaders.read(negativeCount));
    }

    @Test
    void aLastHeaderWithoutValueCountsAsAbsent() {
        Headers headers = new ConnectHeaders().addLong(RecordHeaders.EXPIRE_AT, 5L)
                .addString(RecordHeaders.EXPIRE_AT, null);
        assertEquals(-1, expireAt(headers));
    }
}
