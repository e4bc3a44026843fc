package io.keyferry.common.value;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ValueStructTest {
    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static final byte[] BINARY = {0, (byte) 0xff, '\r', '\n'};

    private static List<RedisValue> everyType() {
        return List.of(
                new StringValue(BINARY),
                new HashValue(List.of(new FieldValue(b("f"), BINARY), new FieldValue(BINARY, new byte[0]))),
                new ListValue(List.of(b("a"), b("a"), BINARY)),
                new SetValue(List.of(b("x"), BINARY)),
                new ZSetValue(List.of(new ZSetValue.Member(b("inf"), Double.POSITIVE_INFINITY),
                        new ZSetValue.Member(b("-inf"), Double.NEGATIVE_INFINITY),
                        new ZSetValue.Member(b("neg-zero"), -0.0),
                        new ZSetValue.Member(b("third"), 1.0 / 3),
                        new ZSetValue.Member(BINARY, 1e-9 * 7))),
                new StreamValue(List.of(
                        new StreamValue.Entry(new StreamId(1, 1), List.of(new FieldValue(b("f"), b("1")),
                                new FieldValue(b("f"), b("2")))),
                        new StreamValue.Entry(new StreamId(-1, 5), List.of(new FieldValue(BINARY, BINARY)))),
                        new StreamId(-1, 5), new StreamId(1, 2), 3L,
                        List.of(new StreamValue.Group(b("g1"), new StreamId(1, 1), 1L),
                                new StreamValue.Group(BINARY, StreamId.ZERO, null))),
                new StreamValue(List.of(), new StreamId(9, 9), null, null, List.of()));
    }

    @Test
    void everyTypeRoundTripsThroughTheStruct() {
        for (RedisValue value : everyType()) {
            Struct struct = ValueStruct.toStruct(value);
            struct.validate();
            assertEquals(value.type(), struct.getString("type"));
            assertEquals(value, ValueStruct.fromStruct(struct), value.type());
        }
    }

    @Test
    void everyTypeRoundTripsThroughJsonConverterWithSchemas() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        for (RedisValue value : everyType()) {
            byte[] json = converter.fromConnectData("t", ValueStruct.SCHEMA, ValueStruct.toStruct(value));
            SchemaAndValue read = converter.toConnectData("t", json);
            assertEquals(value, ValueStruct.fromStruct((Struct) read.value()), new String(json, UTF_8));
        }
    }

    @Test
    void jsonIsReadableWithoutConnect() throws Exception {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        ZSetValue zset = new ZSetValue(List.of(new ZSetValue.Member(b("m"), 2.5),
                new ZSetValue.Member(b("top"), Double.POSITIVE_INFINITY)));
        JsonNode json = new ObjectMapper().readTree(converter.fromConnectData("t", ValueStruct.SCHEMA,
                ValueStruct.toStruct(zset)));
        JsonNode payload = json.get("payload");
        assertEquals("zset", payload.get("type").asText());
        assertTrue(payload.get("string").isNull());
        assertEquals("bQ==", payload.get("zset").get(0).get("member").asText());
        assertEquals(2.5, payload.get("zset").get(0).get("score").asDouble());
        assertTrue(payload.get("zset").get(0).get("score_text").isNull());
        assertEquals("inf", payload.get("zset").get(1).get("score_text").asText());
        assertEquals("io.keyferry.RedisValue", json.get("schema").get("name").asText());
    }

    @Test
    void byteBuffersAreAcceptedAsBytes() {
        Struct struct = new Struct(ValueStruct.SCHEMA).put("type", "string").put("string", ByteBuffer.wrap(BINARY));
        assertEquals(new StringValue(BINARY), ValueStruct.fromStruct(struct));
    }

    @Test
    void onlyTheFieldOfTheTypeIsSet() {
        Struct struct = ValueStruct.toStruct(new ListValue(List.of(b("a"))));
        for (String field : new String[] {"string", "hash", "set", "zset", "stream"}) {
            assertNull(struct.get(field), field);
        }
        assertEquals(Schema.Type.STRUCT, ValueStruct.SCHEMA.type());
        assertTrue(ValueStruct.SCHEMA.isOptional(), "tombstones are null values");
    }

    @Test
    void aStructWithoutItsTypesFieldIsADataException() {
        Struct struct = new Struct(ValueStruct.SCHEMA).put("type", "hash");
        DataException e = assertThrows(DataException.class, () -> ValueStruct.fromStruct(struct));
        assertTrue(e.getMessage().contains("'hash'"), e.getMessage());
        Struct unknown = new Struct(ValueStruct.SCHEMA).put("type", "json");
        assertThrows(DataException.class, () -> ValueStruct.fromStruct(unknown));
    }
}
