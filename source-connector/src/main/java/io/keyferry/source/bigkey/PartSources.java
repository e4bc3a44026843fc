package io.keyferry.source.bigkey;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.SetValue;
import io.keyferry.common.value.StreamId;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ZSetValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The parts of a big key: cut from its value when the value was read whole (a payload within the limit whose
 * struct form is not), or read part by part from the server ({@link ServerPages}) when it was too big to read.
 */
final class PartSources {
    private static final long MIN_BUDGET = 16 * 1024;

    private PartSources() {
    }

    static KeyParts inMemory(byte[] key, RedisValue value, PartSizes sizes) {
        long budget = budget(key, sizes);
        if (value instanceof StringValue string) {
            byte[] bytes = string.value();
            return new StringParts((offset, length) -> Arrays.copyOfRange(bytes, (int) offset,
                    (int) Math.min(bytes.length, offset + length)), sizes.stringPartLength(key));
        } else if (value instanceof HashValue hash) {
            return whole(key, hash.fields(), sizes::field, (fields, last) -> new HashValue(fields), budget);
        } else if (value instanceof ListValue list) {
            return whole(key, list.elements(), sizes::member, (elements, last) -> new ListValue(elements), budget);
        } else if (value instanceof SetValue set) {
            return whole(key, set.members(), sizes::member, (members, last) -> new SetValue(members), budget);
        } else if (value instanceof ZSetValue zset) {
            return whole(key, zset.members(), sizes::scored, (members, last) -> new ZSetValue(members), budget);
        }
        StreamValue stream = (StreamValue) value;
        // The last part also carries the groups: room is kept for them in every part.
        long entryBudget = budget - sizes.groups(stream.groups());
        return whole(key, stream.entries(), sizes::entry, (entries, last) -> last
                ? new StreamValue(entries, stream.lastId(), stream.maxDeletedId(), stream.entriesAdded(),
                        stream.groups())
                : streamPart(entries), entryBudget);
    }

    static KeyParts fromServer(RedisCommands<byte[], byte[]> redis, KeyState state, PartSizes sizes) {
        byte[] key = state.key();
        long budget = budget(key, sizes);
        ServerPages pages = new ServerPages(redis, key);
        return switch (state.type()) {
            case "string" -> new StringParts(pages::range, sizes.stringPartLength(key));
            case "hash" -> new ElementParts<>(key, pages.hash(count(state, budget, redis.hlen(key))), sizes::field,
                    (fields, last) -> new HashValue(fields), budget);
            case "list" -> new ElementParts<>(key, pages.list(count(state, budget, redis.llen(key))), sizes::member,
                    (elements, last) -> new ListValue(elements), budget);
            case "set" -> new ElementParts<>(key, pages.set(count(state, budget, redis.scard(key))), sizes::member,
                    (members, last) -> new SetValue(members), budget);
            case "zset" -> new ElementParts<>(key, pages.zset(count(state, budget, redis.zcard(key))), sizes::scored,
                    (members, last) -> new ZSetValue(members), budget);
            case "stream" -> new ElementParts<>(key, pages.stream(count(state, budget, redis.xlen(key))), sizes::entry,
                    (entries, last) -> last ? pages.streamWith(entries) : streamPart(entries),
                    budget - sizes.groups(pages.streamWith(List.of()).groups()));
            default -> throw new PartTooLargeException("key of module type " + state.type() + " is about "
                    + state.size() + " bytes; only the core types can be copied in parts");
        };
    }

    /** A part's budget; a key whose name leaves too little room for content is not copied in parts. */
    private static long budget(byte[] key, PartSizes sizes) {
        long budget = sizes.budget(key);
        if (budget < MIN_BUDGET) {
            throw new PartTooLargeException("key " + KeyText.printable(key) + " has a name of " + key.length
                    + " bytes, too long to leave room for its content in records of redis.record.max.bytes");
        }
        return budget;
    }

    /** Elements per page: about half a part's budget, from the key's average element size. */
    private static int count(KeyState state, long budget, Long elements) {
        if (elements == null || elements == 0) {
            return 100;
        }
        long average = Math.max(1, state.size() / elements);
        return (int) Math.max(10, Math.min(10_000, budget / 2 / average));
    }

    /** A stream part before the last: its entries only (the position and groups come with the last). */
    private static StreamValue streamPart(List<StreamValue.Entry> entries) {
        StreamId lastId = entries.isEmpty() ? StreamId.ZERO : entries.get(entries.size() - 1).id();
        return new StreamValue(entries, lastId, null, null, List.of());
    }

    private static <T> KeyParts whole(byte[] key, List<T> elements, ToLongFunction<T> cost,
                                      ElementParts.Assembly<T> assembly, long budget) {
        ElementParts.Pages<T> all = (Deque<T> into) -> {
            into.addAll(elements);
            return false;
        };
        return new ElementParts<>(key, all, cost, assembly, budget);
    }
}
