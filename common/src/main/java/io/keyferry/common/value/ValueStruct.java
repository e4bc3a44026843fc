package io.keyferry.common.value;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The {@code struct} record format: a {@link RedisValue} as a Connect {@link Struct}, readable by any
 * converter (JSON with schemas, Avro, Protobuf). The value has its type name and one optional field per
 * type, of which exactly the one named by the type is set. Byte strings are BYTES (binary safe; base64 in
 * JSON); scores are FLOAT64. See docs/record-format.md for the layout and an example.
 *
 * <p>A score that JSON cannot carry as a number ({@code inf}, {@code -inf}, and {@code -0.0}, which
 * JsonConverter turns into 0.0) also has its exact text in {@code score_text}, which a reader must prefer.
 */
public final class ValueStruct {
    public static final String TYPE = "type";

    private static final Schema FIELD = SchemaBuilder.struct().name("io.keyferry.Field")
            .field("field", Schema.BYTES_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
    private static final Schema MEMBER = SchemaBuilder.struct().name("io.keyferry.ZSetMember")
            .field("member", Schema.BYTES_SCHEMA).field("score", Schema.FLOAT64_SCHEMA)
            .field("score_text", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENTRY = SchemaBuilder.struct().name("io.keyferry.StreamEntry")
            .field("id", Schema.STRING_SCHEMA).field("fields", SchemaBuilder.array(FIELD).build()).build();
    private static final Schema GROUP = SchemaBuilder.struct().name("io.keyferry.StreamGroup")
            .field("name", Schema.BYTES_SCHEMA).field("last_delivered_id", Schema.STRING_SCHEMA)
            .field("entries_read", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema STREAM = SchemaBuilder.struct().name("io.keyferry.Stream").optional()
            .field("entries", SchemaBuilder.array(ENTRY).build())
            .field("last_generated_id", Schema.STRING_SCHEMA)
            .field("max_deleted_entry_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("entries_added", Schema.OPTIONAL_INT64_SCHEMA)
            .field("groups", SchemaBuilder.array(GROUP).build()).build();

    /** The value schema; optional, since a deleted key's record is a tombstone (null value). */
    public static final Schema SCHEMA = SchemaBuilder.struct().name("io.keyferry.RedisValue").version(1).optional()
            .field(TYPE, Schema.STRING_SCHEMA)
            .field("string", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("hash", SchemaBuilder.array(FIELD).optional().build())
            .field("list", SchemaBuilder.array(Schema.BYTES_SCHEMA).optional().build())
            .field("set", SchemaBuilder.array(Schema.BYTES_SCHEMA).optional().build())
            .field("zset", SchemaBuilder.array(MEMBER).optional().build())
            .field("stream", STREAM)
            .build();

    private ValueStruct() {
    }

    public static Struct toStruct(RedisValue value) {
        Struct struct = new Struct(SCHEMA).put(TYPE, value.type());
        if (value instanceof StringValue string) {
            struct.put("string", string.value());
        } else if (value instanceof HashValue hash) {
            struct.put("hash", fields(hash.fields()));
        } else if (value instanceof ListValue list) {
            struct.put("list", list.elements());
        } else if (value instanceof SetValue set) {
            struct.put("set", set.members());
        } else if (value instanceof ZSetValue zset) {
            struct.put("zset", map(zset.members(), ValueStruct::member));
        } else {
            struct.put("stream", stream((StreamValue) value));
        }
        return struct;
    }

    private static Struct member(ZSetValue.Member member) {
        double score = member.score();
        boolean jsonSafe = Double.isFinite(score) && !(score == 0 && 1 / score < 0);
        return new Struct(MEMBER).put("member", member.member()).put("score", score)
                .put("score_text", jsonSafe ? null : RedisDoubles.format(score));
    }

    private static Struct stream(StreamValue stream) {
        return new Struct(STREAM)
                .put("entries", map(stream.entries(), entry -> new Struct(ENTRY)
                        .put("id", entry.id().toString()).put("fields", fields(entry.fields()))))
                .put("last_generated_id", stream.lastId().toString())
                .put("max_deleted_entry_id", stream.maxDeletedId() == null ? null : stream.maxDeletedId().toString())
                .put("entries_added", stream.entriesAdded())
                .put("groups", map(stream.groups(), group -> new Struct(GROUP).put("name", group.name())
                        .put("last_delivered_id", group.lastDeliveredId().toString())
                        .put("entries_read", group.entriesRead())));
    }

    private static List<Struct> fields(List<FieldValue> fields) {
        return map(fields, field -> new Struct(FIELD).put("field", field.field()).put("value", field.value()));
    }

    /**
     * Reads a value back, whichever converter produced the struct (byte strings as byte[] or ByteBuffer).
     *
     * @throws DataException when the struct is not a value of this format
     */
    public static RedisValue fromStruct(Struct struct) {
        String type = struct.getString(TYPE);
        try {
            return switch (type) {
                case "string" -> new StringValue(bytes(required(struct, "string")));
                case "hash" -> new HashValue(readFields(required(struct, "hash")));
                case "list" -> new ListValue(map(list(required(struct, "list")), ValueStruct::bytes));
                case "set" -> new SetValue(map(list(required(struct, "set")), ValueStruct::bytes));
                case "zset" -> new ZSetValue(map(list(required(struct, "zset")), ValueStruct::readMember));
                case "stream" -> readStream((Struct) required(struct, "stream"));
                default -> throw new DataException("unknown type '" + type + "'");
            };
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new DataException("the " + type + " value of the struct record is malformed: " + e.getMessage(), e);
        }
    }

    private static Object required(Struct struct, String field) {
        Object value = struct.get(field);
        if (value == null) {
            throw new DataException("a struct record of type " + struct.getString(TYPE) + " has no '" + field
                    + "' field");
        }
        return value;
    }

    private static ZSetValue.Member readMember(Object item) {
        Struct member = (Struct) item;
        String text = member.getString("score_text");
        double score = text != null ? RedisDoubles.parse(text) : member.getFloat64("score");
        return new ZSetValue.Member(bytes(member.get("member")), score);
    }

    private static StreamValue readStream(Struct stream) {
        List<StreamValue.Entry> entries = map(list(stream.get("entries")), item -> {
            Struct entry = (Struct) item;
            return new StreamValue.Entry(StreamId.parse(entry.getString("id")), readFields(entry.get("fields")));
        });
        List<StreamValue.Group> groups = map(list(stream.get("groups")), item -> {
            Struct group = (Struct) item;
            return new StreamValue.Group(bytes(group.get("name")), StreamId.parse(group.getString("last_delivered_id")),
                    group.getInt64("entries_read"));
        });
        String maxDeleted = stream.getString("max_deleted_entry_id");
        return new StreamValue(entries, StreamId.parse(stream.getString("last_generated_id")),
                maxDeleted == null ? null : StreamId.parse(maxDeleted), stream.getInt64("entries_added"), groups);
    }

    private static List<FieldValue> readFields(Object fields) {
        return map(list(fields), item -> {
            Struct field = (Struct) item;
            return new FieldValue(bytes(field.get("field")), bytes(field.get("value")));
        });
    }

    private static List<?> list(Object value) {
        return (List<?>) value;
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        throw new DataException("expected bytes, found " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static <T, R> List<R> map(List<T> items, Function<? super T, R> function) {
        List<R> mapped = new ArrayList<>(items.size());
        for (T item : items) {
            mapped.add(function.apply(item));
        }
        return mapped;
    }
}
