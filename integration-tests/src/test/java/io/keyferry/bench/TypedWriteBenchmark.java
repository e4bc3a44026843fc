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
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Throughput of the sink's write stage in typed mode against restore mode, on the same data and the same
 * server: the DUMP payloads of a filled source are written into an emptied target in batches of 500 keys
 * (Connect's default max.poll.records) by the RestoreWriter, then by the TypedWriter (which decodes each
 * payload first, as the auto-mode fallback does). Kafka and Connect are left out: they cost the same in
 * both modes. Every round empties the target first and checks that every key arrived; the best round counts.
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
        System.out.println("server: " + binary.version() + ", batches of " + BATCH + " keys, best of " + rounds
                + " rounds");
        System.out.printf("%-22s %8s %10s %12s %12s %12s %8s%n", "data", "keys", "MB", "restore k/s",
                "typed k/s", "typed MB/s", "ratio");
        measure(binary, "small mixed", source -> BenchData.load(source, smallKeys, 42), rounds);
        measure(binary, "big collections", source -> BenchData.loadCollections(source, 20, 10_000), rounds);
        System.exit(0);
    }

    private static void measure(RedisBinary binary, String name, Consumer<RedisServer> fill, int rounds)
            throws InterruptedException {
        try (RedisServer source = RedisServer.start(binary); RedisServer target = RedisServer.start(binary)) {
            fill.accept(source);
            List<KeyWrite.Dump> dumps = read(source);
            long bytes = dumps.stream().mapToLong(dump -> dump.payload().length).sum();
            List<KeyWrite> writes = List.copyOf(dumps);
            try (StatefulRedisConnection<byte[], byte[]> restoreConnection =
                         target.client().connect(ByteArrayCodec.INSTANCE);
                 StatefulRedisConnection<byte[], byte[]> typedConnection =
                         target.client().connect(ByteArrayCodec.INSTANCE)) {
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
                        megabytes, restoreRate, typedRate, typedRate * megabytes / writes.size(),
                        typedRate / restoreRate);
            }
        }
    }

    /** Every key's state, read from the filled source the way the source connector reads it. */
    private static List<KeyWrite.Dump> read(RedisServer source) throws InterruptedException {
        List<byte[]> names = source.sync().keys("*");
        List<KeyWrite.Dump> writes = new ArrayList<>(names.size());
        try (StatefulRedisConnection<byte[], byte[]> connection = source.client().connect(ByteArrayCodec.INSTANCE)) {
            KeyStateReader reader = new KeyStateReader(connection, 0, Duration.ofSeconds(60));
            for (int from = 0; from < names.size(); from += 1000) {
                for (KeyState state : reader.read(names.subList(from, Math.min(names.size(), from + 1000)))) {
                    writes.add(new KeyWrite.Dump(null, state.key(), state.dump(), state.expireAt()));
                }
            }
        }
        return writes;
    }

    /** Empties the target, writes every key batch after batch, checks they all arrived; keys per second. */
    private static double writesPerSecond(KeyWriter writer, List<KeyWrite> writes, RedisServer target)
            throws InterruptedException {
        target.flushAll();
        long started = System.nanoTime();
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<FailedWrite> failed = writer.write(writes.subList(from, Math.min(writes.size(), from + BATCH)));
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " writes failed, first: " + failed.get(0).error());
            }
        }
        long nanos = System.nanoTime() - started;
        long arrived = target.sync().dbsize();
        if (arrived != writes.size()) {
            throw new IllegalStateException(arrived + " keys arrived of " + writes.size());
        }
        return writes.size() * 1e9 / nanos;
    }
}
