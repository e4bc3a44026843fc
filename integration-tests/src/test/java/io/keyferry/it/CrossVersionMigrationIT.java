package io.keyferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.record.DumpPayload;
import io.keyferry.it.harness.ConnectCluster;
import io.keyferry.it.harness.ConnectClusterTest;
import io.keyferry.it.harness.Keyspaces;
import io.keyferry.it.harness.RedisBinary;
import io.keyferry.it.harness.RedisServer;
import io.keyferry.it.harness.TestData;
import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Migrations between server versions in the sink's default {@code auto} mode: where the target refuses the
 * source's DUMP payloads (Valkey 8 → Redis 7.0, Redis 7.0 → Redis 6.2) the sink writes every type type by
 * type and counts the fallbacks; where it accepts them (Redis 7.0 → Valkey 8) it uses RESTORE only.
 */
class CrossVersionMigrationIT extends ConnectClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static void fill(RedisServer source) {
        TestData.writeEveryType(source.sync());
        TestData.writeTypedEdgeCases(source.sync());
        TestData.writeStrings(source, "bulk", 5_000);
    }

    /** Migrates source to target through a snapshot source and an auto-mode sink; returns the fallbacks counted. */
    private static long migrate(String name, RedisServer source, RedisServer target) {
        cluster.createTopic(name, 4);
        cluster.deploy(name + "-source", ConnectCluster.sourceConfig(source, name, 4));
        cluster.deploy(name + "-sink", ConnectCluster.sinkConfig(target, name));
        ComparisonReport report = Keyspaces.awaitEqual(source, target, TIMEOUT);
        assertTrue(report.identical(), () -> "target differs from source:\n" + report);
        assertEquals(source.sync().dbsize(), report.sourceKeys());
        assertEquals(0, report.valuesNotCompared());
        return cluster.taskMetric(name + "-sink", 0, "fallbacks") + cluster.taskMetric(name + "-sink", 1, "fallbacks");
    }

    /** The target really refuses the source's payloads: what the fallback is there for. */
    private static void assertRestoreRejected(RedisServer source, RedisServer target) {
        byte[] payload = source.sync().dump("hash:small".getBytes());
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                () -> target.sync().restore("probe".getBytes(), 0, payload));
        assertTrue(e.getMessage().contains("DUMP payload version or checksum are wrong"), e.getMessage());
        assertTrue(DumpPayload.rdbVersion(payload) > 0);
    }

    @Test
    void valkey8ToRedis70WritesTypeByTypeWhereRestoreIsRejected() {
        try (RedisServer source = RedisServer.start(RedisBinary.onPath("valkey-server"));
             RedisServer target = RedisServer.start(RedisBinary.onPath("redis-server"))) {
            fill(source);
            assertRestoreRejected(source, target);

            long fallbacks = migrate("valkey-to-redis70", source, target);

            assertTrue(fallbacks > 0, "fallbacks counted: " + fallbacks);
            assertTrue(target.sync().pttl("string:ttl".getBytes()) > 3_000_000, "TTL carried over");
        }
    }

    @Test
    void redis70ToRedis62WritesTypeByTypeWhereRestoreIsRejected() {
        try (RedisServer source = RedisServer.start(RedisBinary.onPath("redis-server"));
             RedisServer target = RedisServer.start(RedisBinary.embedded62())) {
            fill(source);
            assertRestoreRejected(source, target);

            long fallbacks = migrate("redis70-to-redis62", source, target);

            assertTrue(fallbacks > 0, "fallbacks counted: " + fallbacks);
        }
    }

    @Test
    void redis70ToValkey8UsesRestoreOnly() {
        try (RedisServer source = RedisServer.start(RedisBinary.onPath("redis-server"));
             RedisServer target = RedisServer.start(RedisBinary.onPath("valkey-server"))) {
            fill(source);

            assertEquals(0, migrate("redis70-to-valkey", source, target));
        }
    }
}
