package io.keyferry.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.Difference;
import io.keyferry.common.compare.DifferenceKind;
import io.keyferry.common.compare.KeyspaceComparator;
import io.keyferry.it.harness.BigKeys;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The comparison of keys too big to read whole: page by page on both sides, with the probe script and with a
 * command per key, equal when equal and a difference in any one element found and named.
 */
class BigValueComparisonIT {
    /** Below every big key's size here, so all of them take the page-by-page comparison. */
    private static final CompareOptions OPTIONS = CompareOptions.defaults().withBigValueBytes(256 * 1024)
            .withMaxExamples(10);
    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static void copy(RedisServer from, RedisServer to) {
        List<byte[]> keys = from.sync().keys("*");
        from.sync().migrate(to.host(), to.port(), 0, 120_000,
                MigrateArgs.Builder.<byte[]>keys(keys.toArray(new byte[0][])).copy().replace());
    }

    /** A connection as a user who may not run scripts: the comparison probes with a command per key. */
    private static StatefulRedisConnection<byte[], byte[]> withoutScripts(RedisServer server) {
        server.sync().aclSetuser("noscripts", AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allCommands()
                .removeCategory(AclCategory.SCRIPTING));
        RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withAuthentication("noscripts", "pw").build();
        return server.client().connect(ByteArrayCodec.INSTANCE, uri);
    }

    @Test
    void bigKeysCompareEqualPageByPageAndADifferenceInOneElementIsFound() {
        try (RedisServer source = RedisServer.start(); RedisServer target = RedisServer.start();
             StatefulRedisConnection<byte[], byte[]> from = source.connectBinary();
             StatefulRedisConnection<byte[], byte[]> to = target.connectBinary();
             StatefulRedisConnection<byte[], byte[]> fromNoScripts = withoutScripts(source);
             StatefulRedisConnection<byte[], byte[]> toNoScripts = withoutScripts(target)) {
            BigKeys.write(source.sync(), 20 * 1024 * 1024, 200_000);
            copy(source, target);
            for (String key : BigKeys.ALL) {
                assertTrue(source.sync().memoryUsage(b(key)) > OPTIONS.bigValueBytes(),
                        key + " must be over the limit");
            }

            for (List<StatefulRedisConnection<byte[], byte[]>> sides : List.of(List.of(from, to),
                    List.of(fromNoScripts, toNoScripts))) {
                ComparisonReport report = new KeyspaceComparator(sides.get(0), sides.get(1), OPTIONS).compare();
                assertTrue(report.identical(), report::toString);
                assertEquals(BigKeys.ALL.size(), report.sourceKeys());
            }

            RedisCommands<byte[], byte[]> redis = target.sync();
            redis.setrange(b(BigKeys.STRING), 15_000_000, b("changed"));
            redis.hset(b(BigKeys.HASH), b("field:150000"), b("changed"));
            redis.srem(b(BigKeys.SET), b("member:7"));
            redis.sadd(b(BigKeys.SET), b("member:other"));
            redis.zadd(b(BigKeys.ZSET), 1.0, b("member:100000"));
            redis.lset(b(BigKeys.LIST), 199_999, b("changed"));
            redis.xdel(b(BigKeys.STREAM), "30000-1");
            redis.xadd(b(BigKeys.STREAM), Map.of(b("event"), b("extra")));

            for (List<StatefulRedisConnection<byte[], byte[]>> sides : List.of(List.of(from, to),
                    List.of(fromNoScripts, toNoScripts))) {
                ComparisonReport report = new KeyspaceComparator(sides.get(0), sides.get(1), OPTIONS).compare();
                assertEquals(BigKeys.ALL.size(), report.count(DifferenceKind.VALUE), report::toString);
                Map<String, String> details = report.examples().stream().collect(Collectors.toMap(
                        difference -> new String(difference.key(), UTF_8), Difference::detail));
                assertTrue(details.get(BigKeys.STRING).contains("differ between bytes 14680064"), details::toString);
                assertTrue(details.get(BigKeys.HASH).contains("field"), details::toString);
                assertTrue(details.get(BigKeys.ZSET).contains("score"), details::toString);
                assertTrue(details.get(BigKeys.LIST).contains("index 199999"), details::toString);
            }
        }
    }
}
