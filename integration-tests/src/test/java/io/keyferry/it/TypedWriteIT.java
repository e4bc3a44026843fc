package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.value.DumpDecoder;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.TargetFeatures;
import io.keyferry.sink.write.TypedCommandPlanner;
import io.keyferry.sink.write.TypedWriter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder and the typed writer on real DUMP payloads, without Kafka: every key of the test data is
 * dumped by a real server (Redis 6.2, Redis 7.0, Valkey 8.0), decoded, and written type by type into an
 * empty server of the same version; the comparison must find no difference. Same version on both sides,
 * so that a difference can only come from decoding or writing, not from what the target supports.
 */
class TypedWriteIT {
    static Stream<RedisBinary> servers() {
        return Stream.of(RedisBinary.embedded62(), RedisBinary.onPath("redis-server"),
                RedisBinary.onPath("valkey-server"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void decodedPayloadsWrittenTypeByTypeEqualTheSource(RedisBinary binary) throws InterruptedException {
        try (RedisServer source = RedisServer.start(binary); RedisServer target = RedisServer.start(binary);
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = source.sync();
            TestData.writeEveryType(redis);
            TestData.writeTypedEdgeCases(redis);
            List<KeyWrite.Dump> writes = new ArrayList<>();
            for (byte[] key : redis.keys("*")) {
                long expireAt = redis.pttl(key) < 0 ? -1 : System.currentTimeMillis() + redis.pttl(key);
                writes.add(new KeyWrite.Dump(null, key, redis.dump(key), expireAt));
            }
            TargetFeatures features = TargetFeatures.fromInfo(target.syncStrings().info("server"));
            TypedWriter writer = new TypedWriter(connection, features, new DumpDecoder(), Duration.ofSeconds(30));

            List<FailedWrite> failed = writer.write(List.copyOf(writes));

            assertEquals(List.of(), failed.stream().map(f -> f.error().toString()).toList());
            ComparisonReport report = Keyspaces.compare(source, target);
            assertTrue(report.identical(), () -> binary + ": " + report);
            assertEquals(writes.size(), report.sourceKeys());
            // A key written by several commands (DEL, its writes, its expiry) gets them in one transaction: a reader
            // never sees it half written. A key written by one command needs none.
            String commands = target.syncStrings().info("commandstats");
            long transactions = commands.lines().filter(line -> line.startsWith("cmdstat_exec:calls="))
                    .mapToLong(line -> Long.parseLong(
                            line.substring("cmdstat_exec:calls=".length(), line.indexOf(','))))
                    .findFirst().orElse(0);
            TypedCommandPlanner planner = new TypedCommandPlanner(features);
            DumpDecoder decoder = new DumpDecoder();
            long multiCommand = writes.stream().filter(write -> planner.plan(write.key(),
                    decoder.decode(write.payload()), write.expireAt()).size() > 1).count();
            assertTrue(multiCommand > writes.size() / 2, multiCommand + " keys need more than one command");
            assertEquals(multiCommand, transactions, binary + ": one MULTI/EXEC per key written by several commands");
        }
    }
}
