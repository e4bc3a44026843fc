package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.StagingKeys;
import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.it.harness.Await;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.PartWriter;
import io.keyferry.sink.write.TargetFeatures;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sink's assembly of big keys on real servers, without Kafka: the sequences of parts a topic can hand a
 * sink (in order, redelivered after a crash from the middle of a copy, left over by compaction without their
 * first parts, abandoned), and what a reader of the target sees meanwhile: the old key or the whole new one.
 */
class PartWriterIT {
    private static final byte[] KEY = b("big:{feed}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static Stream<RedisBinary> servers() {
        return Stream.of(RedisBinary.defaultBinary(), RedisBinary.embedded62());
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    /** When each test copy began: later versions began later, as the source's copies of one key do. */
    private static long began(String version) {
        return 1_700_000_000_000L + Long.parseLong(version.substring(1));
    }

    /** The writes of one copy (versions v1, v2, ...): its parts in order, the last one carrying the expiry. */
    private static List<KeyWrite> copy(String version, List<RedisValue> parts, long expireAt) {
        List<KeyWrite> writes = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            writes.add(new KeyWrite.Part(null, KEY, parts.get(i), last ? expireAt : -1,
                    new ChunkPosition(version, i, last, began(version))));
        }
        return writes;
    }

    private static List<RedisValue> hashParts(int parts, int fieldsPerPart, String prefix) {
        List<RedisValue> values = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<FieldValue> fields = new ArrayList<>();
            for (int f = 0; f < fieldsPerPart; f++) {
                fields.add(new FieldValue(b(prefix + p + ":" + f), b("value " + p + "/" + f)));
            }
            values.add(new HashValue(fields));
        }
        return values;
    }

    private final AtomicLong incomplete = new AtomicLong();

    private PartWriter writer(StatefulRedisConnection<byte[], byte[]> connection, RedisServer server,
                              Duration stagingTtl) {
        return new PartWriter(connection, TargetFeatures.fromInfo(server.syncStrings().info("server")), stagingTtl,
                Duration.ofSeconds(10), incomplete);
    }

    private static void assertWritten(List<FailedWrite> failed) {
        assertEquals(List.of(), failed.stream().map(f -> f.error().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void readersSeeTheOldKeyUntilTheLastPartPutsTheWholeNewOneInPlace(RedisBinary binary)
            throws InterruptedException {
        try (RedisServer target = RedisServer.start(binary);
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            redis.set(KEY, b("old"));
            PartWriter writer = writer(connection, target, Duration.ofMinutes(5));
            long expireAt = System.currentTimeMillis() + 600_000;
            List<KeyWrite> writes = copy("v1", hashParts(4, 500, "f"), expireAt);

            assertWritten(writer.write(writes.subList(0, 3)));
            assertArrayEquals(b("old"), redis.get(KEY), "the key keeps its old state while parts arrive");
            assertEquals(1500, redis.hlen(StagingKeys.staging(KEY)));
            assertTrue(redis.pttl(StagingKeys.staging(KEY)) > 0, "the staging copy expires by itself");

            assertWritten(writer.write(writes.subList(3, 4)));
            assertEquals("hash", redis.type(KEY));
            assertEquals(2000, redis.hlen(KEY));
            assertArrayEquals(b("value 3/499"), redis.hget(KEY, b("f3:499")));
            assertTrue(Math.abs(System.currentTimeMillis() + redis.pttl(KEY) - expireAt) < 2_000, "expiry carried");
            assertEquals(0, redis.exists(StagingKeys.staging(KEY)));
        }
    }

    @Test
    void aCopyWrittenAgainFromTheMiddleAfterACrashChangesNothing() throws InterruptedException {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            // A list and a string: RPUSH and APPEND would double their content if a part applied twice.
            List<RedisValue> list = List.of(new ListValue(List.of(b("a"), b("b"))), new ListValue(List.of(b("c"))),
                    new ListValue(List.of(b("d"))));
            List<KeyWrite> writes = copy("v1", list, -1);
            assertWritten(writer(connection, target, Duration.ofMinutes(5)).write(writes.subList(0, 2)));
            // The task dies; its successor gets the batch again from part 1 (its offset was not committed).
            PartWriter restarted = writer(connection, target, Duration.ofMinutes(5));
            assertWritten(restarted.write(writes.subList(1, 3)));
            assertEquals(List.of("a", "b", "c", "d"), target.syncStrings().lrange(new String(KEY, UTF_8), 0, -1));
            // And once more, from the middle, after the key is in place: nothing applies twice.
            assertWritten(restarted.write(writes.subList(1, 3)));
            assertEquals(4, redis.llen(KEY));

            byte[] key = b("blob");
            List<KeyWrite> blob = List.of(
                    new KeyWrite.Part(null, key, new StringValue(b("abc")), -1, new ChunkPosition("s1", 0, false, 1)),
                    new KeyWrite.Part(null, key, new StringValue(b("def")), -1, new ChunkPosition("s1", 1, true, 1)));
            assertWritten(restarted.write(blob.subList(0, 1)));
            assertWritten(restarted.write(blob));
            assertArrayEquals(b("abcdef"), redis.get(key), "a redelivery from part 0 starts the copy afresh");
        }
    }

    @Test
    void anOlderCopyWrittenAgainAfterANewerOneBeganIsSkipped() throws InterruptedException {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            PartWriter writer = writer(connection, target, Duration.ofMinutes(5));
            List<KeyWrite> older = copy("v1", hashParts(3, 10, "older"), -1);
            List<KeyWrite> newer = copy("v2", hashParts(3, 10, "newer"), -1);
            assertWritten(writer.write(older));
            assertWritten(writer.write(newer.subList(0, 1)));
            // The task died before it committed the batch: it gets the older copy's parts again, then the newer's.
            assertWritten(writer.write(older.subList(1, 3)));
            assertEquals(0, incomplete.get(), "an older copy is not reported incomplete");
            assertWritten(writer.write(newer));
            assertEquals(30, redis.hlen(KEY));
            assertTrue(redis.hkeys(KEY).stream().allMatch(f -> new String(f, UTF_8).startsWith("newer")));
        }
    }

    @Test
    void partsLeftWithoutTheirFirstPartsByCompactionAreNeverPutInPlace() throws InterruptedException {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            redis.set(KEY, b("newer state"));
            PartWriter writer = writer(connection, target, Duration.ofMinutes(5));
            // Compaction kept parts 3 to 5 of an old copy (a later, unfinished copy replaced parts 0 to 2) and
            // its last part: the key's copy is not in the topic whole.
            List<KeyWrite> old = copy("v1", hashParts(6, 10, "old"), -1);

            // Not a failure of the sink, which would then never reach the complete copy that follows in the topic.
            assertWritten(writer.write(old.subList(3, 6)));

            assertEquals(1, incomplete.get(), "the incomplete copy is counted");
            assertArrayEquals(b("newer state"), redis.get(KEY), "never a half copy in place");
            assertEquals(0, redis.exists(StagingKeys.staging(KEY)), "nothing staged from a copy's middle");
        }
    }

    @Test
    void anAbandonedCopyCleansItselfUpAndTheNextCopyStartsAfresh() throws InterruptedException {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            PartWriter writer = writer(connection, target, Duration.ofSeconds(2));
            // A copy whose source task died midway: its first parts, then never the rest.
            assertWritten(writer.write(copy("v1", hashParts(3, 10, "stale"), -1).subList(0, 2)));
            // The next copy of the key starts its staging copy afresh: none of the stale fields survive.
            assertWritten(writer.write(copy("v2", hashParts(2, 10, "fresh"), -1)));
            assertEquals(20, redis.hlen(KEY));
            assertTrue(redis.hkeys(KEY).stream().allMatch(f -> new String(f, UTF_8).startsWith("fresh")));

            assertWritten(writer.write(copy("v3", hashParts(3, 10, "abandoned"), -1).subList(0, 2)));
            assertEquals(1, redis.exists(StagingKeys.staging(KEY)));
            Await.until("the abandoned staging copy to expire", TIMEOUT,
                    () -> redis.exists(StagingKeys.staging(KEY), StagingKeys.marker(KEY)) == 0);
            assertEquals(20, redis.hlen(KEY), "the key itself is untouched");
        }
    }

    @Test
    void aCopyWhoseExpiryHasPassedLeavesTheKeyAbsent() throws InterruptedException {
        try (RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> connection = target.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = target.sync();
            redis.set(KEY, b("old"));
            assertWritten(writer(connection, target, Duration.ofMinutes(5))
                    .write(copy("v1", hashParts(2, 10, "f"), System.currentTimeMillis() - 1_000)));
            assertEquals(0, redis.exists(KEY));
        }
    }
}
