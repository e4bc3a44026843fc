package io.keyferry.bench;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.value.DumpDecoder;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.KeyWriter;
import io.keyferry.sink.write.RestoreWriter;
import io.keyferry.sink.write.TargetFeatures;
import io.keyferry.sink.write.TypedWriter;
import io.keyferry.source.read.KeyStateReader;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the sink's write stage in typed mode against restore mode, on the same data and the same
 * server: the DUMP payloads of a filled source are written into an emptied target in batches of 500 keys
 * (Connect's default max.poll.records) by the RestoreWriter, then by the TypedWriter (which decodes each
 * payload first, as the auto-mode fallback does). Kafka and Connect are left out: they cost the same in
 * both modes. Every round empties the target first and checks that every key arrived.
 *
 * <p>Arguments: {@code [small keys] [rounds]}, default {@code 100000 3}.
 */
public final class TypedWriteBenchmark {
    private static final int BATCH = 500;

    private TypedWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int smallKeys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        RedisBinary binary = RedisBinary.defaultBinary();
        System.out.println("server: " + binary.version() + ", batches of " + BATCH + " keys, best of " + rounds + " rounds");
        System.out.printf("%-22s %8s %10s %12s %12s %12s %8s%n", "data", "keys", "MB", "restore k/s",
                "typed k/s", "typed MB/s", "ratio");
        measure(binary, "small mixed", smallKeys, TypedWriteBenchmark::fillSmall, rounds);
        measure(binary, "big collections", 100, TypedWriteBenchmark::fillBig, rounds);
        System.exit(0);
    }

    private static void measure(RedisBinary binary, String name, int keys,
                                Filler fill, int rounds)
            throws InterruptedException {
        try (RedisServer source = RedisServer.start(binary); RedisServer target = RedisServer.start(binary)) {
            List<KeyWrite> writes = read(source, keys, fill);
            long bytes = writes.stream().mapToLong(w -> w.dump().length).sum();
            try (StatefulRedisConnection<byte[], byte[]> restoreConnection = target.client().connect(ByteArrayCodec.INSTANCE);
                 StatefulRedisConnection<byte[], byte[]> typedConnection = target.client().connect(ByteArrayCodec.INSTANCE)) {
                Duration timeout = Duration.ofSeconds(60);
                KeyWriter restore = new RestoreWriter(restoreConnection, timeout);
                KeyWriter typed = new TypedWriter(typedConnection,
                        TargetFeatures.fromInfo(target.syncStrings().info("server")), new DumpDecoder(), timeout);
                double restoreRate = 0;
                double typedRate = 0;
                for (int round = 0; round < rounds; round++) {
                    restoreRate = Math.max(restoreRate, writesPerSecond(restore, writes, target));
                    typedRate = Math.max(typedRate, writesPerSecond(typed, writes, target));
                }
                double megabytes = bytes / 1e6;
                System.out.printf(Locale.ROOT, "%-22s %8d %10.1f %12.0f %12.0f %12.1f %8.2f%n", name, writes.size(),
                        megabytes, restoreRate, typedRate, typedRate * megabytes / writes.size(), typedRate / restoreRate);
            }
        }
    }

    /** Fills the source, then reads every key's state the way the source connector does. */
    private static List<KeyWrite> read(RedisServer source, int keys,
                                       Filler fill)
            throws InterruptedException {
        try (StatefulRedisConnection<byte[], byte[]> connection = source.client().connect(ByteArrayCodec.INSTANCE)) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<byte[], byte[]> commands = connection.async();
            List<RedisFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                pending.addAll(fill.fill(commands, i));
                if (pending.size() >= 10_000) {
                    flush(connection, pending);
                }
            }
            flush(connection, pending);
        }
        List<byte[]> names = source.sync().keys("*");
        List<KeyWrite> writes = new ArrayList<>(names.size());
        try (StatefulRedisConnection<byte[], byte[]> connection = source.client().connect(ByteArrayCodec.INSTANCE)) {
            KeyStateReader reader = new KeyStateReader(connection, 0, Duration.ofSeconds(60));
            for (int from = 0; from < names.size(); from += 1000) {
                for (KeyState state : reader.read(names.subList(from, Math.min(names.size(), from + 1000)))) {
                    writes.add(KeyWrite.ofDump(null, state.key(), state.dump(), state.expireAt()));
                }
            }
        }
        return writes;
    }

    /** Writes the source's key number {@code index}. */
    private interface Filler {
        List<RedisFuture<?>> fill(RedisAsyncCommands<byte[], byte[]> redis, int index);
    }

    private static void flush(StatefulRedisConnection<byte[], byte[]> connection, List<RedisFuture<?>> pending) {
        connection.flushCommands();
        LettuceFutures.awaitAll(Duration.ofSeconds(60), pending.toArray(new RedisFuture[0]));
        pending.clear();
    }

    /**
     * Half strings (100 bytes, every tenth with a TTL), the rest small hashes, lists, sets and sorted sets of
     * 20 elements and streams of 5 entries: a typical cache-and-queues keyspace.
     */
    private static List<RedisFuture<?>> fillSmall(RedisAsyncCommands<byte[], byte[]> redis, int i) {
        byte[] key = b("k:" + i);
        List<RedisFuture<?>> futures = new ArrayList<>();
        switch (i % 10) {
            case 0, 1, 2, 3, 4 -> futures.add(i % 10 == 0 ? redis.psetex(key, 3_600_000, new byte[100]) : redis.set(key, new byte[100]));
            case 5 -> futures.add(redis.hset(key, map(20, "f", "value")));
            case 6 -> futures.add(redis.rpush(key, elements(20, "element")));
            case 7 -> futures.add(redis.sadd(key, elements(20, "member")));
            case 8 -> futures.add(redis.zadd(key, scored(20)));
            default -> {
                for (int e = 0; e < 5; e++) {
                    futures.add(redis.xadd(key, Map.of(b("field"), b("value-" + e))));
                }
            }
        }
        return futures;
    }

    /** 20 each of hashes, lists, sets and sorted sets of 10,000 elements (several typed-write chunks each), and 100 KB strings. */
    private static List<RedisFuture<?>> fillBig(RedisAsyncCommands<byte[], byte[]> redis, int i) {
        byte[] key = b("big:" + i);
        return switch (i % 5) {
            case 0 -> List.of(redis.hset(key, map(10_000, "field", "value")));
            case 1 -> List.of(redis.rpush(key, elements(10_000, "element")));
            case 2 -> List.of(redis.sadd(key, elements(10_000, "member")));
            case 3 -> List.of(redis.zadd(key, scored(10_000)));
            default -> List.of(redis.set(key, new byte[100_000]));
        };
    }

    /** Nanoseconds to write every key, batch after batch. */
    private static long timeWrites(KeyWriter writer, List<KeyWrite> writes) throws InterruptedException {
        long started = System.nanoTime();
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<FailedWrite> failed = writer.write(writes.subList(from, Math.min(writes.size(), from + BATCH)));
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " writes failed, first: " + failed.get(0).error());
            }
        }
        return System.nanoTime() - started;
    }

    private static double writesPerSecond(KeyWriter writer, List<KeyWrite> writes, RedisServer target)
            throws InterruptedException {
        target.flushAll();
        long nanos = timeWrites(writer, writes);
        long arrived = target.sync().dbsize();
        if (arrived != writes.size()) {
            throw new IllegalStateException(arrived + " keys arrived of " + writes.size());
        }
        return writes.size() * 1e9 / nanos;
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] elements(int count, String prefix) {
        byte[][] elements = new byte[count][];
        Arrays.setAll(elements, e -> b(prefix + "-" + e));
        return elements;
    }

    private static Map<byte[], byte[]> map(int count, String field, String value) {
        Map<byte[], byte[]> map = new LinkedHashMap<>();
        for (int e = 0; e < count; e++) {
            map.put(b(field + "-" + e), b(value + "-" + e));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static ScoredValue<byte[]>[] scored(int count) {
        ScoredValue<byte[]>[] members = new ScoredValue[count];
        Arrays.setAll(members, e -> ScoredValue.just(e * 0.5, b("member-" + e)));
        return members;
    }
}
