package io.keyferry.common.value;

import static com.moilioncircle.redis.replicator.rdb.BaseRdbParser.StringHelper.listPackEntry;
import static com.moilioncircle.redis.replicator.rdb.BaseRdbParser.StringHelper.zipListEntry;

import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.io.RedisInputStream;
import com.moilioncircle.redis.replicator.rdb.BaseRdbParser;
import com.moilioncircle.redis.replicator.rdb.DefaultRdbValueVisitor;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * redis-replicator's value visitor with one fix: small sorted sets (ziplist and listpack encodings) keep
 * their scores as text, which Redis writes as {@code inf} / {@code -inf} for infinities, and the library
 * reads that text with {@link Double#valueOf}, which rejects it. These two methods walk the same
 * structures with the library's own entry readers and read the score text the way Redis does.
 */
final class ExactScoreVisitor extends DefaultRdbValueVisitor {
    ExactScoreVisitor(Replicator replicator) {
        super(replicator);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T applyZSetZipList(RedisInputStream in, int version) throws IOException {
        RedisInputStream zipList = new RedisInputStream(new BaseRdbParser(in).rdbLoadPlainStringObject());
        BaseRdbParser.LenHelper.zlbytes(zipList);
        BaseRdbParser.LenHelper.zltail(zipList);
        int entries = BaseRdbParser.LenHelper.zllen(zipList);
        Set<ZSetEntry> members = new LinkedHashSet<>();
        for (; entries > 0; entries -= 2) {
            byte[] member = zipListEntry(zipList);
            members.add(new ZSetEntry(member, score(zipListEntry(zipList))));
        }
        if (BaseRdbParser.LenHelper.zlend(zipList) != 255) {
            throw new IOException("ziplist of a sorted set does not end with 255");
        }
        return (T) members;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T applyZSetListPack(RedisInputStream in, int version) throws IOException {
        RedisInputStream listPack = new RedisInputStream(new BaseRdbParser(in).rdbLoadPlainStringObject());
        listPack.skip(4); // total bytes
        int entries = listPack.readInt(2);
        Set<ZSetEntry> members = new LinkedHashSet<>();
        for (; entries > 0; entries -= 2) {
            byte[] member = listPackEntry(listPack);
            members.add(new ZSetEntry(member, score(listPackEntry(listPack))));
        }
        if (listPack.read() != 255) {
            throw new IOException("listpack of a sorted set does not end with 255");
        }
        return (T) members;
    }

    private static double score(byte[] text) {
        return RedisDoubles.parse(new String(text, StandardCharsets.US_ASCII));
    }
}
