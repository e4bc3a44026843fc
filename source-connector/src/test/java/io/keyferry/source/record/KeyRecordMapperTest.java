package io.keyferry.source.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.HeaderFormat;
import io.keyferry.common.record.RecordHeaders;
import io.keyferry.common.record.RecordMeta;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ValueStruct;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class KeyRecordMapperTest {
    private static final byte[] KEY = "greeting".getBytes(StandardCharsets.UTF_8);
    // Redis 7.0: SET s hello
    private static final byte[] HELLO = HexFormat.of().parseHex("000568656c6c6f0a006372df766534200a");

    private static SourceRecord map(ValueFormat format, KeyState state) {
        return new KeyRecordMapper("keys", new SlotPartitioner(4), format)
                .toRecord(state, Operation.SNAPSHOT, Map.of("database", 0), Map.of());
    }

    private static KeyState live(byte[] dump) {
        return new KeyState(KEY, "string", 1_700_000_000_000L, dump, 0, 1L);
    }

    @Test
    void dumpFormatCarriesThePayload() {
        SourceRecord record = map(ValueFormat.DUMP, live(HELLO));
        assertEquals(Schema.OPTIONAL_BYTES_SCHEMA, record.valueSchema());
        assertArrayEquals(HELLO, (byte[]) record.value());
    }

    @Test
    void structFormatCarriesTheDecodedValueAndTheSameHeaders() {
        SourceRecord record = map(ValueFormat.STRUCT, live(HELLO));
        assertEquals(ValueStruct.SCHEMA, record.valueSchema());
        assertEquals(new StringValue("hello".getBytes(StandardCharsets.UTF_8)),
                ValueStruct.fromStruct((Struct) record.value()));
        assertEquals(new RecordMeta(Operation.SNAPSHOT, "string", 0, SlotPartitioner.slot(KEY), 1_700_000_000_000L, 10,
                -1, null), RecordHeaders.read(record.headers()));
        assertEquals(1, record.headers().size(), "one compact header");
        assertEquals(1L, record.timestamp(), "the time the key was read");
    }

    @Test
    void separateHeadersAreOneHeaderPerField() {
        SourceRecord record = new KeyRecordMapper("keys", new SlotPartitioner(4), ValueFormat.DUMP,
                HeaderFormat.SEPARATE, (key, value) -> true)
                .toRecord(live(HELLO), Operation.SNAPSHOT, Map.of("database", 0), Map.of());
        assertEquals(1_700_000_000_000L, record.headers().lastWithName(RecordHeaders.EXPIRE_AT).value());
        assertEquals(10, record.headers().lastWithName(RecordHeaders.RDB_VERSION).value());
        assertEquals("string", record.headers().lastWithName(RecordHeaders.TYPE).value());
        assertEquals(1L, record.headers().lastWithName(RecordHeaders.EVENT_TIME).value());
        assertEquals(7, record.headers().size());
    }

    @Test
    void structFormatTombstoneIsANullValue() {
        SourceRecord record = map(ValueFormat.STRUCT, KeyState.gone(KEY, 0, 1L));
        assertNull(record.value());
        assertEquals(Operation.DELETE, RecordHeaders.read(record.headers()).operation());
    }

    @Test
    void aKeyTheStructFormatCannotCarryFailsLoudly() {
        byte[] module = DumpPayload.frame(new byte[] {7, (byte) 0x81, 1, 2, 3, 4, 5, 6, 7, 8, 0}, 10);
        ConnectException e = assertThrows(ConnectException.class,
                () -> map(ValueFormat.STRUCT, new KeyState(KEY, "ReJSON-RL", -1, module, 0, 1L)));
        assertTrue(e.getMessage().contains("\"greeting\""), e.getMessage());
        assertTrue(e.getMessage().contains("module type"), e.getMessage());
        assertTrue(e.getMessage().contains("redis.format=dump"), e.getMessage());
    }
}
