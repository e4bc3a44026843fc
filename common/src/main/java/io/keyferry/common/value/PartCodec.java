package io.keyferry.common.value;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a part of a big key in {@code dump}-format records, where no DUMP payload can carry a part
 * (docs/record-format.md, "Keys too big for one record"). A version byte, a type byte, then the type's content;
 * a byte string is an unsigned LEB128 length and its bytes, a score the 8 bytes of its IEEE 754 double (big
 * endian), a counter a presence byte and 8 bytes:
 *
 * <pre>
 * string  's' the bytes themselves, to the end
 * hash    'h' (field value)*          list 'l' (element)*          set 'S' (member)*
 * zset    'z' (member score)*
 * stream  'x' last-id max-deleted-id entries-added group-count (name last-delivered-id entries-read){group-count}
 *             (id field-count (field value){field-count})*      (IDs as their text; an absent max-deleted-id is empty)
 * </pre>
 */
public final class PartCodec {
    private static final byte VERSION = 1;

    private PartCodec() {
    }

    public static byte[] encode(RedisValue part) {
        Writer out = new Writer();
        out.buffer.write(VERSION);
        if (part instanceof StringValue string) {
            out.buffer.write('s');
            out.buffer.writeBytes(string.value());
        } else if (part instanceof HashValue hash) {
            out.buffer.write('h');
            hash.fields().forEach(field -> out.bytes(field.field()).bytes(field.value()));
        } else if (part instanceof ListValue list) {
            out.buffer.write('l');
            list.elements().forEach(out::bytes);
        } else if (part instanceof SetValue set) {
            out.buffer.write('S');
            set.members().forEach(out::bytes);
        } else if (part instanceof ZSetValue zset) {
            out.buffer.write('z');
            zset.members().forEach(member -> out.bytes(member.member())
                    .fixed(Double.doubleToRawLongBits(member.score())));
        } else {
            StreamValue stream = (StreamValue) part;
            out.buffer.write('x');
            out.text(stream.lastId().toString())
                    .text(stream.maxDeletedId() == null ? "" : stream.maxDeletedId().toString())
                    .counter(stream.entriesAdded()).length(stream.groups().size());
            stream.groups().forEach(group -> out.bytes(group.name()).text(group.lastDeliveredId().toString())
                    .counter(group.entriesRead()));
            for (StreamValue.Entry entry : stream.entries()) {
                out.text(entry.id().toString()).length(entry.fields().size());
                entry.fields().forEach(field -> out.bytes(field.field()).bytes(field.value()));
            }
        }
        return out.buffer.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a part written by {@link #encode} */
    public static RedisValue decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown part encoding version " + version);
            }
            byte type = in.get();
            return switch (type) {
                case 's' -> new StringValue(rest(in));
                case 'h' -> new HashValue(fields(in, Integer.MAX_VALUE));
                case 'l' -> new ListValue(byteStrings(in));
                case 'S' -> new SetValue(byteStrings(in));
                case 'z' -> {
                    List<ZSetValue.Member> members = new ArrayList<>();
                    while (in.hasRemaining()) {
                        members.add(new ZSetValue.Member(bytes(in), Double.longBitsToDouble(in.getLong())));
                    }
                    yield new ZSetValue(members);
                }
                case 'x' -> stream(in);
                default -> throw new IllegalArgumentException("unknown part type byte " + type);
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the part is truncated", e);
        }
    }

    private static StreamValue stream(ByteBuffer in) {
        StreamId lastId = StreamId.parse(text(in));
        String maxDeleted = text(in);
        Long entriesAdded = counter(in);
        int groupCount = length(in);
        List<StreamValue.Group> groups = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            groups.add(new StreamValue.Group(bytes(in), StreamId.parse(text(in)), counter(in)));
        }
        List<StreamValue.Entry> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            StreamId id = StreamId.parse(text(in));
            entries.add(new StreamValue.Entry(id, fields(in, length(in))));
        }
        return new StreamValue(entries, lastId, maxDeleted.isEmpty() ? null : StreamId.parse(maxDeleted), entriesAdded,
                groups);
    }

    private static List<FieldValue> fields(ByteBuffer in, int count) {
        List<FieldValue> fields = new ArrayList<>();
        for (int i = 0; i < count && in.hasRemaining(); i++) {
            fields.add(new FieldValue(bytes(in), bytes(in)));
        }
        return fields;
    }

    private static List<byte[]> byteStrings(ByteBuffer in) {
        List<byte[]> items = new ArrayList<>();
        while (in.hasRemaining()) {
            items.add(bytes(in));
        }
        return items;
    }

    private static byte[] rest(ByteBuffer in) {
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        return rest;
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = length(in);
        if (length > in.remaining()) {
            throw new IllegalArgumentException("the part is truncated");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static String text(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.US_ASCII);
    }

    private static Long counter(ByteBuffer in) {
        boolean present = in.get() != 0;
        long value = in.getLong();
        return present ? value : null;
    }

    private static int length(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new IllegalArgumentException("malformed length in the part");
    }

    private static final class Writer {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

        Writer bytes(byte[] bytes) {
            length(bytes.length);
            buffer.writeBytes(bytes);
            return this;
        }

        Writer text(String text) {
            return bytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        Writer length(int value) {
            int rest = value;
            while ((rest & ~0x7f) != 0) {
                buffer.write((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            buffer.write(rest);
            return this;
        }

        Writer fixed(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer.write((int) (value >>> shift));
            }
            return this;
        }

        Writer counter(Long value) {
            buffer.write(value == null ? 0 : 1);
            return fixed(value == null ? 0 : value);
        }
    }
}
