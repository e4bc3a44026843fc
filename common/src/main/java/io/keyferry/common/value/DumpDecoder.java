package io.keyferry.common.value;

import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH_LISTPACK;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH_LISTPACK_EX;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH_METADATA;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH_ZIPLIST;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_HASH_ZIPMAP;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_LIST;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_LIST_QUICKLIST;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_LIST_QUICKLIST_2;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_LIST_ZIPLIST;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_MODULE;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_MODULE_2;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_SET;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_SET_INTSET;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_SET_LISTPACK;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_STREAM_LISTPACKS;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_STREAM_LISTPACKS_2;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_STREAM_LISTPACKS_3;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_STRING;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_ZSET;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_ZSET_2;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_ZSET_LISTPACK;
import static com.moilioncircle.redis.replicator.Constants.RDB_TYPE_ZSET_ZIPLIST;

import com.moilioncircle.redis.replicator.Configuration;
import com.moilioncircle.redis.replicator.FileType;
import com.moilioncircle.redis.replicator.RedisReplicator;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.rdb.RdbValueVisitor;
import com.moilioncircle.redis.replicator.rdb.datatype.Stream;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import com.moilioncircle.redis.replicator.util.ByteArray;
import io.keyferry.common.record.DumpPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a DUMP payload into a {@link RedisValue} with redis-replicator's RDB value parser (a maintained
 * parser, not one of our own). The payload's framing is checked first as RESTORE checks it: the CRC64
 * trailer must match, so a corrupt payload is never decoded into a plausible but wrong value. Whatever the
 * parser cannot turn into one of the six core types (module values, RDB value types it does not know,
 * hashes with field expirations) is an {@link UndecodableValueException} that says why.
 *
 * <p>Thread safe; one instance can serve a whole task.
 */
public final class DumpDecoder {
    /** RDB version (2 bytes) and CRC64 (8 bytes) after the value. */
    private static final int TRAILER = 10;

    private final RdbValueVisitor visitor;

    public DumpDecoder() {
        // The parser looks module parsers up on a replicator; this one is never opened and has none.
        RedisReplicator holder = new RedisReplicator(new ByteArrayInputStream(new byte[0]), FileType.RDB,
                Configuration.defaultSetting());
        this.visitor = new ExactScoreVisitor(holder);
    }

    public RedisValue decode(byte[] payload) {
        checkFraming(payload);
        int type = DumpPayload.rdbType(payload);
        byte[] body = Arrays.copyOfRange(payload, 1, payload.length - TRAILER);
        RedisInputStream in = new RedisInputStream(new ByteArray(body));
        RedisValue value;
        try {
            value = decode(type, in, body, DumpPayload.rdbVersion(payload));
        } catch (IOException | RuntimeException | AssertionError e) {
            if (e instanceof UndecodableValueException undecodable) {
                throw undecodable;
            }
            throw new UndecodableValueException("the DUMP payload (RDB type " + type + ", version "
                    + DumpPayload.rdbVersion(payload) + ") cannot be decoded: " + e, e);
        }
        // The stream reads ahead into a buffer: consumed = bytes read in, less those still buffered.
        long consumed = in.total() - (in.tail() - in.head());
        if (consumed != body.length) {
            throw new UndecodableValueException("the DUMP payload (RDB type " + type + ") has "
                    + (body.length - consumed) + " bytes after its value: not a payload the parser understands");
        }
        return value;
    }

    /** Length and CRC64, as RESTORE verifies them (the version is the target's business, not ours). */
    private static void checkFraming(byte[] payload) {
        if (payload == null || payload.length < TRAILER + 1) {
            throw new UndecodableValueException("the DUMP payload is too short ("
                    + (payload == null ? 0 : payload.length)
                    + " bytes) to hold a value, an RDB version and a CRC64");
        }
        if (!DumpPayload.checksumMatches(payload)) {
            throw new UndecodableValueException("the DUMP payload's CRC64 checksum does not match its content: "
                    + "the payload is corrupt");
        }
    }

    private RedisValue decode(int type, RedisInputStream in, byte[] body, int version) throws IOException {
        switch (type) {
            case RDB_TYPE_STRING:
                return new StringValue(visitor.applyString(in, version));
            case RDB_TYPE_LIST:
                return list(visitor.applyList(in, version));
            case RDB_TYPE_LIST_ZIPLIST:
                return list(visitor.applyListZipList(in, version));
            case RDB_TYPE_LIST_QUICKLIST:
                return list(visitor.applyListQuickList(in, version));
            case RDB_TYPE_LIST_QUICKLIST_2:
                return list(visitor.applyListQuickList2(in, version));
            case RDB_TYPE_SET:
                return set(visitor.applySet(in, version));
            case RDB_TYPE_SET_INTSET:
                return set(visitor.applySetIntSet(in, version));
            case RDB_TYPE_SET_LISTPACK:
                return set(visitor.applySetListPack(in, version));
            case RDB_TYPE_ZSET:
                return zset(visitor.applyZSet(in, version));
            case RDB_TYPE_ZSET_2:
                return zset(visitor.applyZSet2(in, version));
            case RDB_TYPE_ZSET_ZIPLIST:
                return zset(visitor.applyZSetZipList(in, version));
            case RDB_TYPE_ZSET_LISTPACK:
                return zset(visitor.applyZSetListPack(in, version));
            case RDB_TYPE_HASH:
                return hash(visitor.applyHash(in, version));
            case RDB_TYPE_HASH_ZIPMAP:
                return hash(visitor.applyHashZipMap(in, version));
            case RDB_TYPE_HASH_ZIPLIST:
                return hash(visitor.applyHashZipList(in, version));
            case RDB_TYPE_HASH_LISTPACK:
                return hash(visitor.applyHashListPack(in, version));
            case RDB_TYPE_STREAM_LISTPACKS:
                return StreamConversion.of(visitor.<Stream>applyStreamListPacks(in, version));
            case RDB_TYPE_STREAM_LISTPACKS_2:
                return StreamConversion.of(visitor.<Stream>applyStreamListPacks2(in, version));
            case RDB_TYPE_STREAM_LISTPACKS_3:
                return StreamConversion.of(visitor.<Stream>applyStreamListPacks3(in, version));
            case RDB_TYPE_MODULE:
            case RDB_TYPE_MODULE_2:
                throw new UndecodableValueException("the value is of a module type ("
                        + ModuleNames.of(body) + ", RDB type " + type + "): module values can only be "
                        + "copied with RESTORE, to a target that has the same module loaded");
            case RDB_TYPE_HASH_METADATA:
            case RDB_TYPE_HASH_LISTPACK_EX:
                throw new UndecodableValueException("the value is a hash with field expirations (RDB type " + type
                        + ", Redis 7.4+): field expirations cannot be written type by type to a target that "
                        + "needs this fallback; copy it with RESTORE to a Redis 7.4+ target");
            default:
                throw new UndecodableValueException("the DUMP payload has RDB value type " + type + " (RDB version "
                        + version + "), which the parser does not know; it decodes types 0-21 (up to Redis 7.2 "
                        + "and Valkey 8)");
        }
    }

    private static ListValue list(List<byte[]> elements) {
        return new ListValue(elements);
    }

    private static SetValue set(Set<byte[]> members) {
        return new SetValue(new ArrayList<>(members));
    }

    private static ZSetValue zset(Collection<ZSetEntry> entries) {
        List<ZSetValue.Member> members = new ArrayList<>(entries.size());
        for (ZSetEntry entry : entries) {
            members.add(new ZSetValue.Member(entry.getElement(), entry.getScore()));
        }
        return new ZSetValue(members);
    }

    private static HashValue hash(Map<byte[], byte[]> map) {
        List<FieldValue> fields = new ArrayList<>(map.size());
        map.forEach((field, value) -> fields.add(new FieldValue(field, value)));
        return new HashValue(fields);
    }
}
