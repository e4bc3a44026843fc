package io.keyferry.sink.write;

import static io.lettuce.core.protocol.CommandType.DEL;
import static io.lettuce.core.protocol.CommandType.HSET;
import static io.lettuce.core.protocol.CommandType.PEXPIREAT;
import static io.lettuce.core.protocol.CommandType.RPUSH;
import static io.lettuce.core.protocol.CommandType.SADD;
import static io.lettuce.core.protocol.CommandType.SET;
import static io.lettuce.core.protocol.CommandType.XADD;
import static io.lettuce.core.protocol.CommandType.XGROUP;
import static io.lettuce.core.protocol.CommandType.ZADD;

import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.RedisDoubles;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.SetValue;
import io.keyferry.common.value.StreamId;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ZSetValue;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Plans the commands that give a key a value type by type: {@code DEL}, the type's writes, then
 * {@code PEXPIREAT}. The writer sends them in one MULTI/EXEC, so a reader never sees the key half written.
 * Collections go in chunks of at most {@link #MAX_ELEMENTS} elements and about {@link #MAX_CHUNK_BYTES}
 * bytes per command, so a big key never becomes one giant command.
 */
public final class TypedCommandPlanner {
    public static final int MAX_ELEMENTS = 1000;
    public static final long MAX_CHUNK_BYTES = 1 << 20;
    /** Creates and drops itself within the transaction: how an empty stream comes into being. */
    static final byte[] EMPTY_STREAM_GROUP = bytes("keyferry:create-empty-stream");

    private final TargetFeatures target;

    /** Commands Lettuce has no constant for. */
    enum Keyword implements ProtocolKeyword {
        XSETID, APPEND;

        @Override
        public byte[] getBytes() {
            return name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    public TypedCommandPlanner(TargetFeatures target) {
        this.target = target;
    }

    /** @param expireAt absolute expiry in Unix ms, or -1 for a persistent key; must not have passed */
    public List<WriteCommand> plan(byte[] key, RedisValue value, long expireAt) {
        List<WriteCommand> commands = new ArrayList<>();
        if (value instanceof StringValue string) {
            // SET replaces a key of any type and clears its TTL: no DEL needed.
            commands.add(WriteCommand.of(SET, key, List.of(string.value())));
        } else {
            commands.add(WriteCommand.of(DEL, key, List.of()));
            content(commands, key, value);
            if (value instanceof StreamValue stream) {
                streamState(commands, key, stream);
            }
        }
        if (expireAt >= 0) {
            commands.add(WriteCommand.of(PEXPIREAT, key, List.of(bytes(Long.toString(expireAt)))));
        }
        return commands;
    }

    /**
     * The commands that add a part of a big key to what {@code key} holds already: a string's bytes appended,
     * a collection's elements added, a stream's entries added and, with its last part, the stream's position
     * and groups. No DEL, no expiry: the part goes into a staging key, which the sink renames into place.
     */
    public List<WriteCommand> planPart(byte[] key, RedisValue part, boolean last) {
        List<WriteCommand> commands = new ArrayList<>();
        if (part instanceof StringValue string) {
            if (string.value().length > 0) {
                commands.add(WriteCommand.of(Keyword.APPEND, key, List.of(string.value())));
            }
        } else {
            content(commands, key, part);
            if (last && part instanceof StreamValue stream) {
                streamState(commands, key, stream);
            }
        }
        return commands;
    }

    private static void content(List<WriteCommand> commands, byte[] key, RedisValue value) {
        if (value instanceof HashValue hash) {
            chunked(commands, HSET, key, hash.fields(), f -> List.of(f.field(), f.value()));
        } else if (value instanceof ListValue list) {
            chunked(commands, RPUSH, key, list.elements(), List::of);
        } else if (value instanceof SetValue set) {
            chunked(commands, SADD, key, set.members(), List::of);
        } else if (value instanceof ZSetValue zset) {
            // The score as text that the target parses back to exactly the same double (inf and -inf too).
            chunked(commands, ZADD, key, zset.members(), m -> List.of(RedisDoubles.formatBytes(m.score()), m.member()));
        } else if (value instanceof StreamValue stream) {
            entries(commands, key, stream);
        }
    }

    private static <T> void chunked(List<WriteCommand> commands, ProtocolKeyword type, byte[] key,
                                    List<T> elements, Function<T, List<byte[]>> args) {
        List<List<byte[]>> elementArgs = new ArrayList<>(elements.size());
        for (T element : elements) {
            elementArgs.add(args.apply(element));
        }
        for (List<List<byte[]>> chunk
                : Chunks.split(elementArgs, MAX_ELEMENTS, MAX_CHUNK_BYTES, TypedCommandPlanner::bytes)) {
            List<byte[]> chunkArgs = new ArrayList<>(chunk.size() * 2);
            chunk.forEach(chunkArgs::addAll);
            commands.add(WriteCommand.of(type, key, chunkArgs));
        }
    }

    private static long bytes(List<byte[]> args) {
        long bytes = 0;
        for (byte[] arg : args) {
            bytes += arg.length;
        }
        return bytes;
    }

    private static void entries(List<WriteCommand> commands, byte[] key, StreamValue stream) {
        for (StreamValue.Entry entry : stream.entries()) {
            List<byte[]> args = new ArrayList<>();
            args.add(bytes(entry.id().toString()));
            for (FieldValue field : entry.fields()) {
                args.add(field.field());
                args.add(field.value());
            }
            commands.add(WriteCommand.of(XADD, key, args));
        }
    }

    /**
     * After the entries: the stream's own last ID (XADD * continues after it) and, on Redis 7.0+ targets, its
     * counters, then the consumer groups at their last-delivered IDs. Consumers and pending entries are not
     * recreated. A stream without entries is created first (by a group made and dropped at once).
     */
    private void streamState(List<WriteCommand> commands, byte[] key, StreamValue stream) {
        if (stream.entries().isEmpty()) {
            commands.add(new WriteCommand(XGROUP, "CREATE", key,
                    List.of(EMPTY_STREAM_GROUP, bytes("0"), bytes("MKSTREAM"))));
            commands.add(new WriteCommand(XGROUP, "DESTROY", key, List.of(EMPTY_STREAM_GROUP)));
        }
        List<byte[]> setId = new ArrayList<>(List.of(bytes(stream.lastId().toString())));
        if (target.streamCounters() && stream.entriesAdded() != null) {
            setId.addAll(List.of(bytes("ENTRIESADDED"), bytes(Long.toString(stream.entriesAdded()))));
        }
        if (target.streamCounters() && stream.maxDeletedId() != null) {
            setId.addAll(List.of(bytes("MAXDELETEDID"), bytes(stream.maxDeletedId().toString())));
        }
        if (setId.size() > 1 || !stream.lastId().equals(StreamId.ZERO)) {
            commands.add(WriteCommand.of(Keyword.XSETID, key, setId));
        }
        for (StreamValue.Group group : stream.groups()) {
            List<byte[]> args = new ArrayList<>(List.of(group.name(), bytes(group.lastDeliveredId().toString())));
            if (target.streamCounters() && group.entriesRead() != null) {
                args.addAll(List.of(bytes("ENTRIESREAD"), bytes(Long.toString(group.entriesRead()))));
            }
            commands.add(new WriteCommand(XGROUP, "CREATE", key, args));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
