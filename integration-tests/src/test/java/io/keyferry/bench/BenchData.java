package io.keyferry.bench;

import io.keyferry.it.harness.RedisDeployment;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's dataset, the same for a given size and seed: 60% strings of 16–1000 bytes, then hashes,
 * lists, sets and zsets of 10 elements, some streams; 10% of the keys with a TTL (an hour, so none expires
 * during a run).
 */
final class BenchData {
    private static final int PIPELINE = 5_000;

    private BenchData() {
    }

    /** Into a server, or across the slots of a cluster. */
    static void load(RedisDeployment target, int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (StatefulConnection<byte[], byte[]> connection = target.connectBinary()) {
            connection.setAutoFlushCommands(false);
            RedisClusterAsyncCommands<byte[], byte[]> redis = RedisDeployment.async(connection);
            List<RedisFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                write(redis, i, random, pending);
                if (pending.size() >= PIPELINE) {
                    flush(connection, pending);
                }
            }
            flush(connection, pending);
        }
    }

    /**
     * Big keys: {@code perType} each of hashes, lists, sets and sorted sets of {@code elements} elements, and
     * {@code perType} strings of 100 KB.
     */
    static void loadCollections(RedisServer server, int perType, int elements) {
        try (StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE)) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<byte[], byte[]> redis = connection.async();
            List<RedisFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < perType; i++) {
                Map<byte[], byte[]> fields = new HashMap<>();
                List<ScoredValue<byte[]>> members = new ArrayList<>();
                byte[][] values = new byte[elements][];
                for (int e = 0; e < elements; e++) {
                    values[e] = bytes("element-" + e);
                    fields.put(bytes("field-" + e), values[e]);
                    members.add(ScoredValue.just(e * 0.5, values[e]));
                }
                pending.add(redis.hset(bytes("big:hash:" + i), fields));
                pending.add(redis.rpush(bytes("big:list:" + i), values));
                pending.add(redis.sadd(bytes("big:set:" + i), values));
                pending.add(redis.zadd(bytes("big:zset:" + i), members.toArray(new ScoredValue[0])));
                pending.add(redis.set(bytes("big:string:" + i), new byte[100_000]));
                flush(connection, pending);
            }
        }
    }

    private static void write(RedisClusterAsyncCommands<byte[], byte[]> redis, int i, SplittableRandom random,
                              List<RedisFuture<?>> pending) {
        int kind = random.nextInt(100);
        byte[] key = bytes((kind < 60 ? "string:" : kind < 70 ? "hash:" : kind < 78 ? "list:" : kind < 86 ? "set:"
                : kind < 96 ? "zset:" : "stream:") + i);
        if (kind < 60) {
            pending.add(redis.set(key, filler(random, 16 + random.nextInt(985))));
        } else if (kind < 70) {
            Map<byte[], byte[]> fields = new HashMap<>();
            for (int f = 0; f < 10; f++) {
                fields.put(bytes("field" + f), filler(random, 20));
            }
            pending.add(redis.hset(key, fields));
        } else if (kind < 78) {
            pending.add(redis.rpush(key, elements(random)));
        } else if (kind < 86) {
            pending.add(redis.sadd(key, elements(random)));
        } else if (kind < 96) {
            List<ScoredValue<byte[]>> members = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                members.add(ScoredValue.just(random.nextDouble() * 1000, bytes("member" + m)));
            }
            pending.add(redis.zadd(key, members.toArray(new ScoredValue[0])));
        } else {
            for (int e = 0; e < 10; e++) {
                pending.add(redis.xadd(key, new XAddArgs(), Map.of(bytes("n"), bytes(String.valueOf(e)))));
            }
        }
        if (random.nextInt(10) == 0) {
            pending.add(redis.pexpire(key, 3_600_000));
        }
    }

    private static byte[][] elements(SplittableRandom random) {
        byte[][] elements = new byte[10][];
        for (int e = 0; e < 10; e++) {
            elements[e] = filler(random, 20);
        }
        return elements;
    }

    private static byte[] filler(SplittableRandom random, int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
        }
        return value;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void flush(StatefulConnection<byte[], byte[]> connection, List<RedisFuture<?>> pending) {
        connection.flushCommands();
        LettuceFutures.awaitAll(Duration.ofMinutes(5), pending.toArray(new RedisFuture[0]));
        pending.clear();
    }
}
