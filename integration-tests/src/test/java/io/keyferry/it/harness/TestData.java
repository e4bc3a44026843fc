package io.keyferry.it.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.Consumer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes every core type, in each of its encodings, with binary keys and values, with and without TTLs:
 * what a migration must carry over unchanged.
 */
public final class TestData {
    /** Far enough ahead that nothing expires during a test. */
    private static final long TTL_MS = 3_600_000;

    private TestData() {
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] allBytes() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        return value;
    }

    /** Each command touches one key, so a cluster's commands ({@code RedisCluster.sync()}) take it too. */
    public static void writeEveryType(RedisClusterCommands<byte[], byte[]> redis) {
        redis.set(b("string:plain"), b("hello"));
        redis.set(b("string:int"), b("123456789"));
        redis.set(b("string:empty"), new byte[0]);
        redis.set(b("string:binary"), allBytes());
        redis.set(b("string:large"), b("x".repeat(200_000)));
        redis.set(new byte[] {0, (byte) 0xff, '\r', '\n', ' ', 'k'}, allBytes());
        redis.set(b("ключ:ünïcødé:🔑"), b("значение"));
        redis.psetex(b("string:ttl"), TTL_MS, b("expires later"));

        Map<byte[], byte[]> smallHash = new LinkedHashMap<>();
        smallHash.put(b("field"), b("value"));
        smallHash.put(new byte[] {1, 2, 0}, allBytes());
        redis.hset(b("hash:small"), smallHash);
        Map<byte[], byte[]> bigHash = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            bigHash.put(b("f" + i), b("v" + i));
        }
        redis.hset(b("hash:big"), bigHash);
        redis.pexpire(b("hash:big"), TTL_MS);

        redis.rpush(b("list:small"), b("a"), b("b"), new byte[] {0}, b("a"));
        for (int i = 0; i < 20; i++) {
            redis.rpush(b("list:big"), b(("item-" + i + "-").repeat(50)));
        }
        redis.pexpire(b("list:small"), TTL_MS);

        redis.sadd(b("set:int"), b("1"), b("2"), b("3"), b("-40"));
        redis.sadd(b("set:strings"), b("alpha"), b("beta"), allBytes());
        for (int i = 0; i < 600; i++) {
            redis.sadd(b("set:big"), b("member-" + i));
        }

        redis.zadd(b("zset:small"), ScoredValue.just(0.1, b("a")), ScoredValue.just(-2.5, b("b")),
                ScoredValue.just(Double.POSITIVE_INFINITY, b("c")), ScoredValue.just(Double.NEGATIVE_INFINITY, b("d")));
        for (int i = 0; i < 300; i++) {
            redis.zadd(b("zset:big"), i / 7.0 + 1e-9 * i, b("m" + i));
        }
        redis.pexpire(b("zset:small"), TTL_MS);

        for (int i = 0; i < 50; i++) {
            redis.xadd(b("stream:events"), Map.of(b("n"), b(String.valueOf(i)), b("payload"), allBytes()));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(b("stream:events"), "0"), b("workers"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(b("stream:events"), "$"), b("late"));
        redis.xreadgroup(Consumer.from(b("workers"), b("w1")), XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(b("stream:events")));
    }

    /**
     * What typed writes must get right beyond {@link #writeEveryType}: collections bigger than one command's
     * chunk (in their big encodings), streams whose last ID is past their last entry, an empty stream with
     * a group, and exact and infinite scores in a big sorted set.
     */
    public static void writeTypedEdgeCases(RedisCommands<byte[], byte[]> redis) {
        List<byte[]> elements = new ArrayList<>();
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        List<ScoredValue<byte[]>> members = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            elements.add(b("element-" + i));
            fields.put(b("field-" + i), b("value-" + i));
            members.add(ScoredValue.just(i % 3 == 0 ? -i / 3.0 : i * 0.1, b("member-" + i)));
        }
        members.add(ScoredValue.just(Double.POSITIVE_INFINITY, b("top")));
        members.add(ScoredValue.just(Double.NEGATIVE_INFINITY, b("bottom")));
        redis.rpush(b("bulk:list"), elements.toArray(new byte[0][]));
        redis.sadd(b("bulk:set"), elements.toArray(new byte[0][]));
        redis.hset(b("bulk:hash"), fields);
        redis.zadd(b("bulk:zset"), members.toArray(new ScoredValue[0]));
        redis.pexpire(b("bulk:zset"), TTL_MS);

        redis.xadd(b("stream:trimmed"), new XAddArgs().id("5-1"), Map.of(b("a"), b("1")));
        redis.xadd(b("stream:trimmed"), new XAddArgs().id("7-0"), Map.of(b("b"), b("2")));
        redis.xdel(b("stream:trimmed"), "7-0");
        redis.xgroupCreate(XReadArgs.StreamOffset.from(b("stream:trimmed"), "5-1"), b("readers"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(b("stream:empty"), "$"), b("waiting"),
                XGroupCreateArgs.Builder.mkstream());
    }

    /** {@code count} small strings {@code prefix:0 …}, every tenth with a TTL, pipelined in chunks. */
    public static void writeStrings(RedisDeployment redis, String prefix, int count) {
        try (StatefulConnection<byte[], byte[]> connection = redis.connectBinary()) {
            RedisClusterAsyncCommands<byte[], byte[]> commands = RedisDeployment.async(connection);
            connection.setAutoFlushCommands(false);
            for (int start = 0; start < count; start += 10_000) {
                List<RedisFuture<?>> futures = new ArrayList<>();
                for (int i = start; i < Math.min(count, start + 10_000); i++) {
                    byte[] key = b(prefix + ":" + i);
                    futures.add(i % 10 == 0 ? commands.psetex(key, TTL_MS, b("value-" + i))
                            : commands.set(key, b("value-" + i)));
                }
                connection.flushCommands();
                LettuceFutures.awaitAll(Duration.ofSeconds(60), futures.toArray(new RedisFuture[0]));
            }
        }
    }
}
