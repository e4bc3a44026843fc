package io.keyferry.it.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;
import java.util.Random;

/**
 * Keys far bigger than one record, of every core type, as production holds them: a blob, a hash, a set, a
 * sorted set and a list of many elements, a stream with a consumer group. The collections are filled by a
 * server-side script (a million commands from the client would take minutes), with a few binary and edge
 * values from the client. Each command touches one key, so a cluster's commands ({@code RedisCluster.sync()})
 * take them too.
 */
public final class BigKeys {
    public static final String STRING = "big:string";
    public static final String HASH = "big:hash";
    public static final String SET = "big:set";
    public static final String ZSET = "big:zset";
    public static final String LIST = "big:list";
    public static final String STREAM = "big:stream";
    public static final List<String> ALL = List.of(STRING, HASH, SET, ZSET, LIST, STREAM);
    private static final String FILL = String.join("\n",
            "local kind, key, from, to = ARGV[1], KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3])",
            "for i = from, to do",
            "  if kind == 'hash' then redis.call('HSET', key, 'field:' .. i, 'value of field ' .. i)",
            "  elseif kind == 'set' then redis.call('SADD', key, 'member:' .. i)",
            "  elseif kind == 'zset' then redis.call('ZADD', key, i * 1.5, 'member:' .. i)",
            "  elseif kind == 'list' then redis.call('RPUSH', key, 'element ' .. i)",
            "  else redis.call('XADD', key, i .. '-1', 'event', 'payload ' .. i, 'n', i) end",
            "end",
            "return to - from + 1");

    private BigKeys() {
    }

    /**
     * @param stringBytes the blob's size
     * @param elements    how many elements each collection holds; the stream has a fifth of them
     */
    public static void write(RedisClusterCommands<byte[], byte[]> redis, int stringBytes, int elements) {
        byte[] blob = new byte[stringBytes];
        new Random(11).nextBytes(blob);
        redis.set(b(STRING), blob);
        fill(redis, "hash", HASH, elements);
        fill(redis, "set", SET, elements);
        fill(redis, "zset", ZSET, elements);
        fill(redis, "list", LIST, elements);
        fill(redis, "stream", STREAM, elements / 5);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        redis.hset(b(HASH), binary, binary);
        redis.sadd(b(SET), binary);
        redis.zadd(b(ZSET), Double.POSITIVE_INFINITY, binary);
        redis.zadd(b(ZSET), -0.1 - 0.2, b("inexact"));
        redis.lpush(b(LIST), binary);
        redis.pexpire(b(HASH), 3_600_000);
        redis.pexpire(b(LIST), 7_200_000);
        redis.xdel(b(STREAM), "3-1");
        redis.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(b(STREAM), (elements / 10) + "-1"),
                b("workers"));
    }

    /**
     * Fills {@code key} with {@code elements} generated elements of {@code kind} (hash, set, zset, list or
     * stream), appended to what it holds.
     */
    public static void fill(RedisClusterCommands<byte[], byte[]> redis, String kind, String key, int elements) {
        // In slices, so one script call holds the server a moment only.
        for (int from = 1; from <= elements; from += 100_000) {
            int to = Math.min(elements, from + 99_999);
            redis.eval(FILL, ScriptOutputType.INTEGER, new byte[][] {b(key)}, b(kind), b(String.valueOf(from)),
                    b(String.valueOf(to)));
        }
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }
}
