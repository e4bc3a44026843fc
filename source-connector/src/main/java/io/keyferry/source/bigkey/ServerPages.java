package io.keyferry.source.bigkey;

import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.StreamId;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.XinfoReply;
import io.keyferry.common.value.ZSetValue;
import io.lettuce.core.Limit;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a big key page by page, with the commands that read a part of a key: GETRANGE, HSCAN, SSCAN, ZSCAN,
 * LRANGE windows, XRANGE after the last ID read. The key is read over many commands, so a key that changes
 * meanwhile is copied as a mix of its states; a live source reads it again after such a change.
 */
final class ServerPages {
    private final RedisCommands<byte[], byte[]> redis;
    private final byte[] key;

    ServerPages(RedisCommands<byte[], byte[]> redis, byte[] key) {
        this.redis = redis;
        this.key = key;
    }

    byte[] range(long offset, int length) {
        return redis.getrange(key, offset, offset + length - 1);
    }

    ElementParts.Pages<FieldValue> hash(int count) {
        ScanArgs args = ScanArgs.Builder.limit(count);
        ScanCursor[] cursor = {ScanCursor.INITIAL};
        return into -> {
            MapScanCursor<byte[], byte[]> page = redis.hscan(key, cursor[0], args);
            page.getMap().forEach((field, value) -> into.add(new FieldValue(field, value)));
            cursor[0] = page;
            return !page.isFinished();
        };
    }

    ElementParts.Pages<byte[]> set(int count) {
        ScanArgs args = ScanArgs.Builder.limit(count);
        ScanCursor[] cursor = {ScanCursor.INITIAL};
        return into -> {
            ValueScanCursor<byte[]> page = redis.sscan(key, cursor[0], args);
            into.addAll(page.getValues());
            cursor[0] = page;
            return !page.isFinished();
        };
    }

    ElementParts.Pages<ZSetValue.Member> zset(int count) {
        ScanArgs args = ScanArgs.Builder.limit(count);
        ScanCursor[] cursor = {ScanCursor.INITIAL};
        return into -> {
            ScoredValueScanCursor<byte[]> page = redis.zscan(key, cursor[0], args);
            for (ScoredValue<byte[]> member : page.getValues()) {
                into.add(new ZSetValue.Member(member.getValue(), member.getScore()));
            }
            cursor[0] = page;
            return !page.isFinished();
        };
    }

    ElementParts.Pages<byte[]> list(int count) {
        long[] start = {0};
        return into -> {
            List<byte[]> page = redis.lrange(key, start[0], start[0] + count - 1);
            into.addAll(page);
            start[0] += page.size();
            return page.size() == count;
        };
    }

    ElementParts.Pages<StreamValue.Entry> stream(int count) {
        String[] from = {"-"};
        return into -> {
            List<StreamMessage<byte[], byte[]>> page = redis.xrange(key, Range.create(from[0], "+"), Limit.from(count));
            for (StreamMessage<byte[], byte[]> message : page) {
                // Lettuce keeps the body in a LinkedHashMap keyed by byte[] identity: order and repeats survive.
                List<FieldValue> fields = new ArrayList<>(message.getBody().size());
                message.getBody().forEach((field, value) -> fields.add(new FieldValue(field, value)));
                into.add(new StreamValue.Entry(StreamId.parse(message.getId()), fields));
            }
            if (!page.isEmpty()) {
                from[0] = after(StreamId.parse(page.get(page.size() - 1).getId())).toString();
            }
            return page.size() == count;
        };
    }

    /** The last part of a stream: its entries, and the stream's position, counters and groups as they are now. */
    StreamValue streamWith(List<StreamValue.Entry> entries) {
        Map<String, Object> info = XinfoReply.attributes(redis.xinfoStream(key));
        List<StreamValue.Group> groups = new ArrayList<>();
        for (Object group : redis.xinfoGroups(key)) {
            Map<String, Object> attributes = XinfoReply.attributes(group);
            groups.add(new StreamValue.Group((byte[]) attributes.get("name"),
                    StreamId.parse(XinfoReply.text(attributes.get("last-delivered-id"))),
                    attributes.get("entries-read") instanceof Long read ? read : null));
        }
        Object maxDeleted = info.get("max-deleted-entry-id");
        return new StreamValue(entries, StreamId.parse(XinfoReply.text(info.get("last-generated-id"))),
                maxDeleted == null ? null : StreamId.parse(XinfoReply.text(maxDeleted)),
                info.get("entries-added") instanceof Long added ? added : null, groups);
    }

    /** The smallest ID after {@code id}: XRANGE's exclusive start, which servers before 6.2 lack. */
    private static StreamId after(StreamId id) {
        return id.seq() == -1 ? new StreamId(id.ms() + 1, 0) : new StreamId(id.ms(), id.seq() + 1);
    }
}
