package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import io.keyferry.common.record.KeyState;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.snapshot.KeyScanner;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The source's state reads on real servers: Redis 7 (PEXPIRETIME) and Redis 6.2 (TIME + PTTL), every
 * type, and a key that is gone by the time it is read.
 */
class KeyStateReaderIT {
    static Stream<RedisBinary> servers() {
        return Stream.of(RedisBinary.defaultBinary(), RedisBinary.embedded62());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void readsTypeExpiryAndPayloadTogether(RedisBinary binary) throws InterruptedException {
        try (RedisServer server = RedisServer.start(binary);
             StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = server.sync();
            TestData.writeEveryType(redis);
            long expireAt = System.currentTimeMillis() + 600_000;
            redis.pexpireat(b("hash:small"), expireAt);
            List<byte[]> keys = List.of(b("string:binary"), b("hash:small"), b("list:big"), b("set:int"),
                    b("zset:small"), b("stream:events"), b("no-such-key"));

            List<KeyState> states = new KeyStateReader(connection, 0, Duration.ofSeconds(10)).read(keys);

            assertEquals(keys.size(), states.size());
            List<String> types = states.stream().map(KeyState::type).toList();
            assertEquals(List.of("string", "hash", "list", "set", "zset", "stream", "none"), types);
            for (int i = 0; i < keys.size() - 1; i++) {
                KeyState state = states.get(i);
                assertArrayEquals(keys.get(i), state.key());
                assertArrayEquals(redis.dump(keys.get(i)), state.dump(), "payload of " + state.type());
                assertTrue(DumpPayload.rdbVersion(state.dump()) >= 9);
            }
            assertTrue(Math.abs(states.get(1).expireAt() - expireAt) <= 2, "absolute expiry " + states.get(1).expireAt()
                    + " vs " + expireAt);
            assertTrue(states.get(0).persistent());

            KeyState gone = states.get(keys.size() - 1);
            assertFalse(gone.exists());
            assertNull(gone.dump());
        }
    }

    @Test
    void bigKeysAreReadInShorterCallsAndEveryKeyComesBackOnceInTheOrderOfItsReads() throws InterruptedException {
        try (RedisServer server = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = server.sync();
            List<byte[]> keys = new ArrayList<>();
            // 200 keys, every third of 300 KB (random: DUMP compresses), so a call of 64 keys would carry about
            // 6 MB, several times its budget.
            Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                byte[] key = b("key:" + i);
                byte[] big = new byte[300_000];
                random.nextBytes(big);
                redis.set(key, i % 3 == 0 ? big : b("small " + i));
                keys.add(key);
            }
            keys.add(3, b("no-such-key"));

            List<KeyState> states = new KeyStateReader(connection, 0, Duration.ofSeconds(10)).read(keys);

            // A cut call's remaining keys are read by a call of their own, after the calls already sent: every
            // key once, with its payload, and the keys of the first group up to the first cut in order.
            assertEquals(keys.size(), states.size());
            Map<String, KeyState> byKey = new HashMap<>();
            states.forEach(state -> byKey.put(new String(state.key(), UTF_8), state));
            assertEquals(keys.size(), byKey.size(), "every key exactly once");
            for (byte[] key : keys) {
                KeyState state = byKey.get(new String(key, UTF_8));
                assertArrayEquals(redis.dump(key), state.dump(), "payload of " + new String(key, UTF_8));
            }
            assertArrayEquals(keys.get(0), states.get(0).key());
            long calls = server.syncStrings().info("commandstats").lines()
                    .filter(line -> line.startsWith("cmdstat_evalsha:")).mapToLong(line ->
                            Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1"))).sum();
            assertTrue(calls > 4, "4 calls of 64 keys would not do: " + calls + " calls");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aKeyOverThePayloadLimitComesBackOversizedWithItsSizeAndNoPayload(RedisBinary binary)
            throws InterruptedException {
        try (RedisServer server = RedisServer.start(binary);
             StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = server.sync();
            Random random = new Random(3);
            byte[] blob = new byte[200_000];
            random.nextBytes(blob);
            redis.set(b("blob"), blob);
            long expireAt = System.currentTimeMillis() + 600_000;
            redis.pexpireat(b("blob"), expireAt);
            for (int i = 0; i < 20_000; i++) {
                redis.hset(b("hash"), b("field:" + i), b("value " + i));
            }
            redis.set(b("small"), b("fits"));

            List<KeyState> states = new KeyStateReader(connection, 0, Duration.ofSeconds(10), 100_000)
                    .read(List.of(b("blob"), b("small"), b("hash")));

            KeyState big = states.get(0);
            assertTrue(big.oversized() && big.exists());
            assertNull(big.dump());
            assertEquals("string", big.type());
            assertEquals(200_000, big.size(), "a string's size is its length");
            assertTrue(Math.abs(big.expireAt() - expireAt) <= 2, "expiry read with it");
            assertArrayEquals(redis.dump(b("small")), states.get(1).dump());
            KeyState hash = states.get(2);
            assertTrue(hash.oversized(), "a hash of " + redis.dump(b("hash")).length + " payload bytes");
            assertEquals("hash", hash.type());
            assertTrue(hash.size() > 100_000, "estimated size " + hash.size());
        }
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void aCursorIsNotFollowedOnARestartedServer() throws InterruptedException {
        try (RedisServer server = RedisServer.start()) {
            TestData.writeStrings(server, "k", 5_000);
            server.sync().save();
            SnapshotOffset midway;
            try (StatefulRedisConnection<byte[], byte[]> connection =
                         server.client().connect(ByteArrayCodec.INSTANCE)) {
                SnapshotReader snapshot = snapshotReader(server, connection, SnapshotOffset.START);
                for (int i = 0; i < 10; i++) {
                    snapshot.next();
                }
                midway = snapshot.position();
            }
            assertFalse(midway.done());
            assertNotNull(midway.server(), "the cursor names the process that issued it");

            server.kill();
            server.restart(); // the saved keys again, hashed with another seed
            try (StatefulRedisConnection<byte[], byte[]> connection =
                         server.client().connect(ByteArrayCodec.INSTANCE)) {
                SnapshotReader resumed = snapshotReader(server, connection, midway);
                Set<String> keys = new HashSet<>();
                while (!resumed.done()) {
                    resumed.next().forEach(read -> keys.add(new String(read.state().key(), UTF_8)));
                }
                assertEquals(5_000, keys.size(), "a cursor followed on another process skips keys");
            }
        }
    }

    private static SnapshotReader snapshotReader(RedisServer server, StatefulRedisConnection<byte[], byte[]> connection,
                                                 SnapshotOffset start) {
        return new SnapshotReader(server.uri(), new KeyScanner(server.connectBinary(), 10, KeySelection.all()),
                new KeyStateReader(connection, 0, Duration.ofSeconds(10)), start, 100);
    }

    @Test
    void aScanEndingOnEmptyStepsStillRecordsItsCompletion() throws InterruptedException {
        try (RedisServer server = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = server.client().connect(ByteArrayCodec.INSTANCE)) {
            TestData.writeStrings(server, "k", 1_000);
            // One key passes the filter: most SCAN steps, and usually the last ones, yield nothing.
            // The scan has a connection of its own, as in a lane: the reader pipelines on its connection.
            KeyScanner scanner = new KeyScanner(server.connectBinary(), 10,
                    new KeySelection("", "k:5", "", "", SlotSet.ALL));
            SnapshotReader snapshot = new SnapshotReader(server.uri(), scanner,
                    new KeyStateReader(connection, 0, Duration.ofSeconds(10)), SnapshotOffset.START, 1);
            List<SnapshotReader.Read> reads = new ArrayList<>();
            while (!snapshot.done()) {
                reads.addAll(snapshot.next());
            }
            assertFalse(reads.isEmpty());
            SnapshotReader.Read last = reads.get(reads.size() - 1);
            assertEquals(SnapshotOffset.COMPLETE, last.offset(), "the last record carries the done offset");
            assertArrayEquals(b("k:5"), last.state().key());
        }
    }
}
