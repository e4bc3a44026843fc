package io.keyferry.it;

import io.keyferry.common.compare.CompareOptions;
import io.keyferry.common.compare.ComparisonReport;
import io.keyferry.common.compare.DifferenceKind;
import io.keyferry.common.compare.KeyspaceComparator;
import io.keyferry.common.record.KeyText;
import io.keyferry.it.harness.RedisCluster;
import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison utility, which every other integration test trusts as its oracle, on real servers: two
 * standalone servers, and a Redis Cluster on either side. Standalone servers are probed with a Lua script,
 * or a command per key where scripts are refused; both must give the same reports.
 */
class KeyspaceComparatorIT {
    private static final int BULK_KEYS = 40;
    private static final byte[] BINARY_KEY = {0, (byte) 0xff, 'k'};
    /** Small batches so both passes span several SCAN pages and pipelined batches. */
    private static final CompareOptions OPTIONS = CompareOptions.defaults().withBatchSize(7).withMaxExamples(20);

    private static RedisServer sourceServer;
    private static RedisServer targetServer;
    private static StatefulRedisConnection<byte[], byte[]> sourceConnection;
    private static StatefulRedisConnection<byte[], byte[]> targetConnection;
    private static RedisCommands<byte[], byte[]> source;
    private static RedisCommands<byte[], byte[]> target;

    @BeforeAll
    static void startServers() throws Exception {
        sourceServer = RedisServer.start();
        targetServer = RedisServer.start();
        sourceConnection = sourceServer.client().connect(ByteArrayCodec.INSTANCE);
        targetConnection = targetServer.client().connect(ByteArrayCodec.INSTANCE);
        source = sourceConnection.sync();
        target = targetConnection.sync();
        // The target stores the same data with other encodings, as another Redis version might.
        target.configSet("hash-max-listpack-entries", "0");
        target.configSet("zset-max-listpack-entries", "0");
        target.configSet("set-max-intset-entries", "0");
        target.configSet("list-max-listpack-size", "1");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (sourceServer != null) {
            sourceServer.close();
        }
        if (targetServer != null) {
            targetServer.close();
        }
    }

    @BeforeEach
    void writeTheSameDataToBothSides() {
        source.flushall();
        target.flushall();
        writeEveryType(source, false);
        writeEveryType(target, true);
    }

    @Test
    void sameDataInOtherEncodingsIsIdentical() {
        assertNotEquals(new String(source.objectEncoding(b("hash"))), new String(target.objectEncoding(b("hash"))));

        ComparisonReport report = compare(OPTIONS);

        assertTrue(report.identical(), report::toString);
        long keys = source.dbsize();
        assertEquals(keys, report.sourceKeys());
        assertEquals(keys, report.targetKeys());
        assertEquals(0, report.valuesNotCompared());
    }

    @Test
    void aTargetHoldingJustTheSourcesKeysIsNotScannedForExtraKeys() {
        resetStats();
        ComparisonReport identical = compare(OPTIONS);
        assertTrue(identical.identical(), identical::toString);
        assertEquals(target.dbsize(), identical.targetKeys());
        assertEquals(0, commandStat(target, "scan", "calls"), "the key counts prove that no key is extra");

        // One key missing and one extra: the target holds as many keys as before, but one fewer of the source's.
        target.del(b("string"));
        target.set(b("only-in-target"), b("x"));
        resetStats();
        ComparisonReport differing = compare(OPTIONS);
        assertEquals(Set.of("\"only-in-target\""), exampleKeys(differing, DifferenceKind.EXTRA), differing::toString);
        assertTrue(commandStat(target, "scan", "calls") > 0);
    }

    @Test
    void countsEachDifferenceOnceUnderItsFirstKind() {
        target.del(b("string"));
        target.set(b("only-in-target"), b("x"));
        target.del(b("retyped"));
        target.rpush(b("retyped"), b("v"));
        target.set(BINARY_KEY, new byte[] {1, 2, 4});
        target.hset(b("hash"), b("f2"), b("changed"));
        target.pexpire(b("hash"), 100_000); // value differs too: counts as VALUE only
        target.lset(b("list"), 0, b("z"));
        target.srem(b("set"), b("3"));
        target.sadd(b("set"), b("4"));
        target.zadd(b("zset"), 2.0000001, b("b"));
        target.xadd(b("stream"), new XAddArgs().id("3-0"), b("d"), b("4"));
        target.xgroupSetid(StreamOffset.from(b("stream:groups"), "2-0"), b("g1"));
        target.pexpire(b("ttl:far"), 50_000);
        target.pexpire(b("ttl:one-sided"), 100_000);

        ComparisonReport report = compare(OPTIONS);

        assertEquals(Set.of("\"string\""), exampleKeys(report, DifferenceKind.MISSING));
        assertEquals(Set.of("\"only-in-target\""), exampleKeys(report, DifferenceKind.EXTRA));
        assertEquals(Set.of("\"retyped\""), exampleKeys(report, DifferenceKind.TYPE));
        assertEquals(Set.of(KeyText.printable(BINARY_KEY), "\"hash\"", "\"list\"", "\"set\"", "\"zset\"",
                "\"stream\"", "\"stream:groups\""), exampleKeys(report, DifferenceKind.VALUE));
        assertEquals(Set.of("\"ttl:far\"", "\"ttl:one-sided\""), exampleKeys(report, DifferenceKind.TTL));
        assertEquals(Map.of(DifferenceKind.MISSING, 1L, DifferenceKind.EXTRA, 1L, DifferenceKind.TYPE, 1L,
                DifferenceKind.VALUE, 7L, DifferenceKind.TTL, 2L), counts(report), report::toString);
        assertEquals(12, report.differences());
        assertEquals(source.dbsize(), report.sourceKeys());
        assertEquals(target.dbsize(), report.targetKeys());
    }

    @Test
    void differencesAnywhereInBatchesOfSeveralScriptCallsAreFoundOnTheirKeys() {
        // Every tenth key of 300 KB (random: DUMP compresses), so that calls stop at their byte budget too.
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            byte[] value = b("value " + i);
            if (i % 10 == 5) {
                value = new byte[300_000];
                random.nextBytes(value);
            }
            source.set(b("many:" + i), value);
            target.set(b("many:" + i), value);
        }
        for (int i : new int[] {70, 135, 640, 999}) {
            target.set(b("many:" + i), b("other " + i));
        }
        target.del(b("many:333"));

        // 500 keys a batch: eight script calls of up to 64 keys each, whose answers must line up with the keys.
        ComparisonReport report = compare(CompareOptions.defaults().withBatchSize(500).withMaxExamples(20));

        assertEquals(Set.of("\"many:70\"", "\"many:135\"", "\"many:640\"", "\"many:999\""),
                exampleKeys(report, DifferenceKind.VALUE), report::toString);
        assertEquals(Set.of("\"many:333\""), exampleKeys(report, DifferenceKind.MISSING), report::toString);
        assertEquals(5, report.differences());
        assertEquals(source.dbsize(), report.sourceKeys());
    }

    @Test
    void matchLimitsBothPassesToMatchingKeys() {
        target.del(b("string"));
        target.set(b("only-in-target"), b("x"));
        target.set(b("bulk:extra"), b("x"));

        ComparisonReport report = compare(OPTIONS.withMatch("bulk:*"));

        assertEquals(BULK_KEYS, report.sourceKeys());
        assertEquals(BULK_KEYS + 1, report.targetKeys());
        assertEquals(1, report.differences(), report::toString);
        assertEquals(Set.of("\"bulk:extra\""), exampleKeys(report, DifferenceKind.EXTRA));
    }

    @Test
    void aUserWhoMayNotRunScriptsGetsTheSameReportsAsOneWhoMay() {
        assertSameReportsAsTheDefaultUser("noscripts", rights -> rights.removeCategory(AclCategory.SCRIPTING), false);
    }

    @Test
    void aUserWhoMayNotDumpGetsTheSameReportsThroughTheScript() {
        // DUMP runs under pcall in the script: refused, it leaves every value to be read element by element.
        assertSameReportsAsTheDefaultUser("nodump", rights -> rights.removeCommand(CommandType.DUMP), true);
    }

    @Test
    void aComparatorWhoseScriptTheServersLostLoadsItAgain() {
        KeyspaceComparator comparator = new KeyspaceComparator(sourceConnection, targetConnection, OPTIONS);
        assertTrue(comparator.compare().identical());
        source.scriptFlush();
        target.scriptFlush();
        resetStats();

        ComparisonReport report = comparator.compare();

        assertTrue(report.identical(), report::toString);
        assertEquals(source.dbsize(), report.sourceKeys());
        assertEquals(target.dbsize(), report.targetKeys());
        for (RedisCommands<byte[], byte[]> side : List.of(source, target)) {
            // Batches of 7 keys, two in flight: the calls of both were sent before the first reply said NOSCRIPT.
            long failed = evalshaStat(side, "failed_calls");
            assertTrue(failed >= 1 && failed <= 2, "only the calls in flight when the script went failed: " + failed);
            assertTrue(evalshaStat(side, "calls") > 1, "the script, loaded again, probed the keys");
        }
    }

    @Test
    void aClusterWithASlotHalfMovedIsComparedKeyByKey() {
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             StatefulRedisClusterConnection<byte[], byte[]> clusterConnection = cluster.connectBinary()) {
            writeEveryTypeToSourceAnd(cluster);
            List<byte[]> moving = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] key = b("{moving}:" + i);
                moving.add(key);
                source.set(key, b("v" + i));
                cluster.sync().set(key, b("v" + i));
            }
            int slot = SlotHash.getSlot(b("{moving}"));
            RedisServer from = cluster.primaryOwning(slot);
            RedisServer to = cluster.primaries().stream().filter(p -> p != from).findFirst().orElseThrow();
            cluster.beginMove(from, to, slot);
            cluster.migrateKeys(from, to, moving.subList(0, 10));
            cluster.sync().set(moving.get(15), b("changed"));
            from.sync().configResetstat();

            ComparisonReport report = new KeyspaceComparator(sourceConnection, clusterConnection, OPTIONS).compare();

            // The node script of the migrating node fails on the keys gone to the importing node: its keys are
            // probed per command from then on, following ASK.
            assertEquals(Map.of(DifferenceKind.MISSING, 0L, DifferenceKind.EXTRA, 0L, DifferenceKind.TYPE, 0L,
                    DifferenceKind.VALUE, 1L, DifferenceKind.TTL, 0L), counts(report), report::toString);
            assertEquals(Set.of("\"{moving}:15\""), exampleKeys(report, DifferenceKind.VALUE));
            assertEquals(source.dbsize(), report.sourceKeys());
            assertTrue(evalshaStat(from.sync(), "failed_calls") > 0, "the script met a key that had left its node");
            cluster.finishMove(from, to, slot);
        }
    }

    @Test
    void clusterAndServerWithTheSameDataAreIdenticalAndADifferenceOnTheClusterIsFound() {
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             StatefulRedisClusterConnection<byte[], byte[]> clusterConnection = cluster.connectBinary()) {
            writeEveryTypeToSourceAnd(cluster);
            assertTrue(cluster.primaries().stream().allMatch(p -> p.dbsize() > 5),
                    "the keys spread over every primary");

            cluster.primaries().forEach(p -> p.sync().configResetstat());
            ComparisonReport toCluster = new KeyspaceComparator(sourceConnection, clusterConnection, OPTIONS).compare();
            ComparisonReport fromCluster =
                    new KeyspaceComparator(clusterConnection, sourceConnection, OPTIONS).compare();
            for (RedisServer primary : cluster.primaries()) {
                // A node goes on per command only after a script call failed.
                assertEquals(0, evalshaStat(primary.sync(), "failed_calls"));
                assertTrue(evalshaStat(primary.sync(), "calls") > 0, "each primary probed its keys with the script");
            }

            for (ComparisonReport report : new ComparisonReport[] {toCluster, fromCluster}) {
                assertTrue(report.identical(), report::toString);
                assertEquals(source.dbsize(), report.sourceKeys());
                assertEquals(source.dbsize(), report.targetKeys());
                assertEquals(0, report.valuesNotCompared());
            }

            cluster.sync().del(b("string"));
            cluster.sync().set(b("bulk:3"), b("changed"));
            cluster.sync().pexpire(b("ttl:one-sided"), 100_000);
            cluster.sync().set(b("only-in-cluster"), b("x"));

            ComparisonReport report = new KeyspaceComparator(sourceConnection, clusterConnection, OPTIONS).compare();

            assertEquals(Map.of(DifferenceKind.MISSING, 1L, DifferenceKind.EXTRA, 1L, DifferenceKind.TYPE, 0L,
                    DifferenceKind.VALUE, 1L, DifferenceKind.TTL, 1L), counts(report), report::toString);
            assertEquals(Set.of("\"string\""), exampleKeys(report, DifferenceKind.MISSING));
            assertEquals(Set.of("\"only-in-cluster\""), exampleKeys(report, DifferenceKind.EXTRA));
            assertEquals(Set.of("\"bulk:3\""), exampleKeys(report, DifferenceKind.VALUE));
            assertEquals(Set.of("\"ttl:one-sided\""), exampleKeys(report, DifferenceKind.TTL));
            assertEquals(cluster.dbsize(), report.targetKeys());
        }
    }

    /** Writes one key of each type; {@code reversed} writes collections in another order, which must not matter. */
    /** The source's data written again beside the cluster's, so that the TTLs of both start within the tolerance. */
    private static void writeEveryTypeToSourceAnd(RedisCluster cluster) {
        source.flushall();
        writeEveryType(source, false);
        writeEveryType(cluster.sync(), true);
    }

    private static void writeEveryType(RedisClusterCommands<byte[], byte[]> redis, boolean reversed) {
        redis.set(b("string"), b("hello"));
        redis.set(BINARY_KEY, new byte[] {1, 2, 3});
        redis.set(b("retyped"), b("v"));
        if (reversed) {
            redis.hset(b("hash"), Map.of(b("f3"), b("3"), b("f2"), b("2"), b("f1"), b("1")));
            redis.sadd(b("set"), b("3"), b("2"), b("1"));
            redis.zadd(b("zset"), ScoredValue.just(2, b("b")), ScoredValue.just(1.5, b("a")));
        } else {
            redis.hset(b("hash"), Map.of(b("f1"), b("1"), b("f2"), b("2"), b("f3"), b("3")));
            redis.sadd(b("set"), b("1"), b("2"), b("3"));
            redis.zadd(b("zset"), ScoredValue.just(1.5, b("a")), ScoredValue.just(2, b("b")));
        }
        redis.rpush(b("list"), b("a"), b("b"), b("c"));
        for (String stream : new String[] {"stream", "stream:groups"}) {
            redis.xadd(b(stream), new XAddArgs().id("1-0"), b("a"), b("1"));
            redis.xadd(b(stream), new XAddArgs().id("2-0"), b("b"), b("2"), b("c"), b("3"));
            String[] groups = reversed ? new String[] {"g2", "g1"} : new String[] {"g1", "g2"};
            for (String group : groups) {
                redis.xgroupCreate(StreamOffset.from(b(stream), group.equals("g1") ? "0-0" : "1-0"), b(group));
            }
        }
        redis.set(b("ttl:near"), b("v"));
        redis.pexpire(b("ttl:near"), reversed ? 99_000 : 100_000);
        redis.set(b("ttl:far"), b("v"));
        redis.pexpire(b("ttl:far"), 100_000);
        redis.set(b("ttl:one-sided"), b("v"));
        for (int i = 0; i < BULK_KEYS; i++) {
            redis.set(b("bulk:" + i), b("value " + i));
        }
    }

    private static ComparisonReport compare(CompareOptions options) {
        return new KeyspaceComparator(sourceConnection, targetConnection, options).compare();
    }

    /**
     * Compares as the default user, who may run the probe script, then as a user with fewer rights: the same
     * data first, then one difference of each kind.
     */
    private static void assertSameReportsAsTheDefaultUser(String user, UnaryOperator<AclSetuserArgs> restriction,
                                                          boolean probedWithScript) {
        try (StatefulRedisConnection<byte[], byte[]> sourceAsUser = connectAs(sourceServer, user, restriction);
             StatefulRedisConnection<byte[], byte[]> targetAsUser = connectAs(targetServer, user, restriction)) {
            ComparisonReport identical = assertSameReport(sourceAsUser, targetAsUser, probedWithScript);
            assertTrue(identical.identical(), identical::toString);

            target.del(b("string"));
            target.set(b("only-in-target"), b("x"));
            target.del(b("retyped"));
            target.rpush(b("retyped"), b("v"));
            target.hset(b("hash"), b("f2"), b("changed"));
            target.pexpire(b("ttl:one-sided"), 100_000);

            ComparisonReport differing = assertSameReport(sourceAsUser, targetAsUser, probedWithScript);
            assertEquals(Map.of(DifferenceKind.MISSING, 1L, DifferenceKind.EXTRA, 1L, DifferenceKind.TYPE, 1L,
                    DifferenceKind.VALUE, 1L, DifferenceKind.TTL, 1L), counts(differing), differing::toString);
        }
    }

    /**
     * The report as the default user and as the user of the connections given must match in everything but
     * the TTL values in the details, which move between the two runs.
     */
    private static ComparisonReport assertSameReport(StatefulRedisConnection<byte[], byte[]> sourceAsUser,
                                                     StatefulRedisConnection<byte[], byte[]> targetAsUser,
                                                     boolean probedWithScript) {
        resetStats();
        ComparisonReport asDefaultUser = compare(OPTIONS);
        assertProbedWithScript(true);
        resetStats();
        ComparisonReport asUser = new KeyspaceComparator(sourceAsUser, targetAsUser, OPTIONS).compare();
        assertProbedWithScript(probedWithScript);

        assertEquals(ReportSummary.of(asDefaultUser), ReportSummary.of(asUser));
        return asUser;
    }

    /** Whether the comparison since the last {@link #resetStats()} ran the probe script on both sides, unrefused. */
    private static void assertProbedWithScript(boolean expected) {
        for (RedisCommands<byte[], byte[]> side : List.of(source, target)) {
            assertEquals(0, evalshaStat(side, "failed_calls"));
            assertEquals(expected, evalshaStat(side, "calls") > 0,
                    expected ? "the script probed the keys" : "no script ran");
        }
    }

    /** A connection as a user with every right but those {@code restriction} takes away. */
    private static StatefulRedisConnection<byte[], byte[]> connectAs(RedisServer server, String user,
                                                                     UnaryOperator<AclSetuserArgs> restriction) {
        server.sync().aclSetuser(user, restriction.apply(
                AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allCommands()));
        RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withAuthentication(user, "pw").build();
        return server.client().connect(ByteArrayCodec.INSTANCE, uri);
    }

    private static void resetStats() {
        source.configResetstat();
        target.configResetstat();
    }

    /** A counter of EVALSHA since the last CONFIG RESETSTAT, e.g. {@code calls} or {@code failed_calls}. */
    private static long evalshaStat(RedisCommands<byte[], byte[]> redis, String counter) {
        return commandStat(redis, "evalsha", counter);
    }

    /** A counter of a command since the last CONFIG RESETSTAT. */
    private static long commandStat(RedisCommands<byte[], byte[]> redis, String command, String counter) {
        // e.g. cmdstat_evalsha:calls=8,usec=310,usec_per_call=38.75,rejected_calls=0,failed_calls=1
        Matcher stats = Pattern.compile("cmdstat_" + command + ":(\\S+)").matcher(redis.info("commandstats"));
        if (!stats.find()) {
            return 0;
        }
        return Arrays.stream(stats.group(1).split(","))
                .map(pair -> pair.split("="))
                .filter(pair -> pair[0].equals(counter))
                .mapToLong(pair -> Long.parseLong(pair[1]))
                .findFirst().orElseThrow();
    }

    /** What two comparisons of the same data must share. */
    private record ReportSummary(Map<DifferenceKind, Long> counts, Map<DifferenceKind, Set<String>> exampleKeys,
                                 long sourceKeys, long targetKeys, long valuesNotCompared) {
        static ReportSummary of(ComparisonReport report) {
            Map<DifferenceKind, Set<String>> exampleKeys = Arrays.stream(DifferenceKind.values())
                    .collect(Collectors.toMap(kind -> kind, kind -> KeyspaceComparatorIT.exampleKeys(report, kind)));
            return new ReportSummary(KeyspaceComparatorIT.counts(report), exampleKeys, report.sourceKeys(),
                    report.targetKeys(), report.valuesNotCompared());
        }
    }

    private static Set<String> exampleKeys(ComparisonReport report, DifferenceKind kind) {
        return report.examples(kind).stream().map(example -> KeyText.printable(example.key()))
                .collect(Collectors.toSet());
    }

    private static Map<DifferenceKind, Long> counts(ComparisonReport report) {
        return Set.of(DifferenceKind.values()).stream().collect(Collectors.toMap(kind -> kind, report::count));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
