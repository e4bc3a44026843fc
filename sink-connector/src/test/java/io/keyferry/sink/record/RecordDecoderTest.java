package io.keyferry.sink.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.ChunkKeys;
import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.CompactHeader;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.PartCodec;
import io.keyferry.common.value.ValueStruct;
import io.keyferry.sink.write.KeyWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final byte[] KEY = {'u', ':', 1, (byte) 0xff};
    private static final byte[] DUMP = {0x00, 0x01, 'x', 0x0a, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};

    private final RecordDecoder decoder = new RecordDecoder();

    private static SinkRecord record(Object key, Object value) {
        return new SinkRecord("redis-keys", 0, Schema.OPTIONAL_BYTES_SCHEMA, key, Schema.OPTIONAL_BYTES_SCHEMA, value,
                7L);
    }

    @Test
    void byteArrayKeyAndValue() {
        SinkRecord record = record(KEY, DUMP);
        KeyWrite.Dump write = assertInstanceOf(KeyWrite.Dump.class, decoder.decode(record));
        assertArrayEquals(KEY, write.key());
        assertArrayEquals(DUMP, write.payload());
        assertEquals(-1, write.expireAt());
        assertSame(record, write.origin());
    }

    @Test
    void byteBufferKeyAndValueAreReadFromTheirPositionWithoutConsumingThem() {
        ByteBuffer key = ByteBuffer.wrap(new byte[] {'x', 'x', 'k', '1'});
        key.position(2);
        ByteBuffer value = ByteBuffer.wrap(DUMP);
        KeyWrite.Dump write = assertInstanceOf(KeyWrite.Dump.class, decoder.decode(record(key, value)));
        assertArrayEquals(new byte[] {'k', '1'}, write.key());
        assertArrayEquals(DUMP, write.payload());
        assertEquals(2, key.position());
        assertEquals(0, value.position());
    }

    @Test
    void nullValueIsATombstone() {
        KeyWrite.Tombstone write = assertInstanceOf(KeyWrite.Tombstone.class, decoder.decode(record(KEY, null)));
        assertArrayEquals(KEY, write.key());
        assertInstanceOf(KeyWrite.Dump.class, decoder.decode(record(KEY, new byte[0])), "an empty payload is none");
    }

    @Test
    void expiryComesFromTheHeader() {
        SinkRecord record = record(KEY, DUMP);
        record.headers().addLong(RecordHeaders.EXPIRE_AT, 1_700_000_000_000L);
        assertEquals(1_700_000_000_000L, assertInstanceOf(KeyWrite.Dump.class, decoder.decode(record)).expireAt());

        SinkRecord text = record(KEY, DUMP);
        text.headers().addString(RecordHeaders.EXPIRE_AT, "1700000000001");
        assertEquals(1_700_000_000_001L, assertInstanceOf(KeyWrite.Dump.class, decoder.decode(text)).expireAt());
    }

    @Test
    void expiryAndPartsComeFromTheCompactHeader() {
        SinkRecord record = record(KEY, DUMP);
        record.headers().addString(CompactHeader.NAME, "op=snapshot;db=0;slot=1;type=string;expire.at=1700000000002");
        assertEquals(1_700_000_000_002L, assertInstanceOf(KeyWrite.Dump.class, decoder.decode(record)).expireAt());

        SinkRecord part = record(ChunkKeys.of(KEY, 1), PartCodec.encode(new ListValue(List.of(new byte[] {'a'}))));
        part.headers().addBytes(CompactHeader.NAME, "op=chunk;db=0;slot=1;type=list;chunk.version=v3;chunk.index=1;"
                .concat("event.time=9").getBytes(StandardCharsets.UTF_8));
        assertEquals(new ChunkPosition("v3", 1, false, 9L),
                assertInstanceOf(KeyWrite.Part.class, decoder.decode(part)).chunk());

        SinkRecord bad = record(KEY, DUMP);
        bad.headers().addString(CompactHeader.NAME, "op=snapshot;expire.at=later");
        DataException e = assertThrows(DataException.class, () -> decoder.decode(bad));
        assertTrue(e.getMessage().contains(CompactHeader.NAME), e.getMessage());
    }

    @Test
    void badExpiryHeaderIsADataException() {
        SinkRecord record = record(KEY, DUMP);
        record.headers().addString(RecordHeaders.EXPIRE_AT, "soon");
        DataException e = assertThrows(DataException.class, () -> decoder.decode(record));
        assertTrue(e.getMessage().contains(RecordHeaders.EXPIRE_AT), e.getMessage());
    }

    @Test
    void stringKeyNamesTheByteArrayConverter() {
        DataException e = assertThrows(DataException.class, () -> decoder.decode(record("user:1", DUMP)));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
        assertTrue(e.getMessage().contains("String"), e.getMessage());
        assertTrue(e.getMessage().contains("org.apache.kafka.connect.converters.ByteArrayConverter"), e.getMessage());
    }

    @Test
    void nonBytesValueIsADataException() {
        DataException e = assertThrows(DataException.class, () -> decoder.decode(record(KEY, "payload")));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
        assertTrue(e.getMessage().contains("ByteArrayConverter"), e.getMessage());
    }

    @Test
    void structValueIsATypedValue() {
        ListValue list = new ListValue(List.of(new byte[] {1}, new byte[] {2}));
        SinkRecord record = new SinkRecord("redis-keys", 0, Schema.OPTIONAL_BYTES_SCHEMA, KEY, ValueStruct.SCHEMA,
                ValueStruct.toStruct(list), 7L);
        KeyWrite.Typed write = assertInstanceOf(KeyWrite.Typed.class, decoder.decode(record));
        assertEquals(list, write.value());
    }

    @Test
    void malformedStructIsADataException() {
        SinkRecord record = new SinkRecord("redis-keys", 0, Schema.OPTIONAL_BYTES_SCHEMA, KEY, ValueStruct.SCHEMA,
                new Struct(ValueStruct.SCHEMA).put("type", "zset"), 7L);
        assertThrows(DataException.class, () -> decoder.decode(record));
    }

    @Test
    void keysAreRewrittenByThePrefixes() {
        RecordDecoder prefixed = new RecordDecoder(new KeyRewriter("u:", "eu:"));
        assertArrayEquals("eu:1".getBytes(), prefixed.decode(record("u:1".getBytes(), DUMP)).key());
        assertArrayEquals("eu:v:1".getBytes(), prefixed.decode(record("v:1".getBytes(), DUMP)).key());
    }

    @Test
    void missingOrEmptyKeyIsADataException() {
        DataException missing = assertThrows(DataException.class, () -> decoder.decode(record(null, DUMP)));
        assertTrue(missing.getMessage().contains("no key"), missing.getMessage());
        assertThrows(DataException.class, () -> decoder.decode(record(new byte[0], DUMP)));
        assertThrows(DataException.class, () -> decoder.decode(record(ByteBuffer.allocate(0), DUMP)));
    }

    @Test
    void partsOfBigKeysBecomePartWritesUnderTheirKeyAndTheirTombstonesAskNothing() {
        SinkRecord part = record(ChunkKeys.of(KEY, 2), PartCodec.encode(new ListValue(List.of(new byte[] {'a'}))));
        part.headers().addString(RecordHeaders.CHUNK_VERSION, "v1").addInt(RecordHeaders.CHUNK_INDEX, 2)
                .addLong(RecordHeaders.EVENT_TIME, 5L);
        KeyWrite.Part write = assertInstanceOf(KeyWrite.Part.class, decoder.decode(part));
        assertArrayEquals(KEY, write.key());
        assertTrue(write.partBeforeLast());
        assertEquals(new ChunkPosition("v1", 2, false, 5L), write.chunk());
        assertEquals(new ListValue(List.of(new byte[] {'a'})), write.content());

        assertNull(decoder.decode(record(ChunkKeys.of(KEY, 2), null)), "a retired part asks nothing of the target");
        SinkRecord retired = record(ChunkKeys.of(KEY, 2), null);
        retired.headers().addString(RecordHeaders.EXPIRE_AT, "never");
        assertNull(decoder.decode(retired), "whatever its headers say");
        SinkRecord unreadable = record(KEY, new byte[] {1, 'q'});
        unreadable.headers().addString(RecordHeaders.CHUNK_VERSION, "v1").addInt(RecordHeaders.CHUNK_INDEX, 0)
                .addInt(RecordHeaders.CHUNK_COUNT, 1);
        assertThrows(DataException.class, () -> decoder.decode(unreadable), "a part whose content cannot be read");
    }
}
