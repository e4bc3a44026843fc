package io.keyferry.common.compare;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferenceRulesTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
    private final DifferenceRules rules = new DifferenceRules(2000);

    @Test
    void keyAbsentFromTargetIsMissing() {
        Difference difference = rules.presence(KEY, probe("hash", -1), probe("none", -2)).orElseThrow();
        assertEquals(DifferenceKind.MISSING, difference.kind());
        assertEquals("source hash, not in target", difference.detail());
    }

    @Test
    void differentTypesAreTypeDifference() {
        Difference difference = rules.presence(KEY, probe("hash", -1), probe("string", -1)).orElseThrow();
        assertEquals(DifferenceKind.TYPE, difference.kind());
        assertEquals("source hash, target string", difference.detail());
    }

    @Test
    void sameTypeLeavesTheDecisionToTheValue() {
        assertTrue(rules.presence(KEY, probe("set", -1), probe("set", 5000)).isEmpty());
    }

    @Test
    void keyOnlyInTargetIsExtra() {
        Difference difference = rules.extra(KEY, false, "zset").orElseThrow();
        assertEquals(DifferenceKind.EXTRA, difference.kind());
        assertEquals("target zset, not in source", difference.detail());
        assertTrue(rules.extra(KEY, true, "zset").isEmpty());
    }

    @Test
    void valueDifferenceCarriesTheValueDetail() {
        Difference difference = rules.value(KEY, new LogicalValue(1, "a"), new LogicalValue(2, "b")).orElseThrow();
        assertEquals(DifferenceKind.VALUE, difference.kind());
        assertEquals("source a, target b", difference.detail());
        assertTrue(rules.value(KEY, new LogicalValue(1, "a"), new LogicalValue(1, "a")).isEmpty());
    }

    @Test
    void bothPersistentIsEqual() {
        assertTrue(ttl(-1, -1).isEmpty());
    }

    @Test
    void persistentOnOneSideOnlyDiffers() {
        assertEquals("source ttl 5000 ms, target persistent", ttl(5000, -1).orElseThrow().detail());
        assertEquals("source persistent, target ttl 5000 ms", ttl(-1, 5000).orElseThrow().detail());
        assertEquals(DifferenceKind.TTL, ttl(-1, 5000).orElseThrow().kind());
    }

    @Test
    void expiringKeysDifferOnlyBeyondTheTolerance() {
        assertTrue(ttl(10_000, 10_000).isEmpty());
        assertTrue(ttl(10_000, 8_000).isEmpty(), "exactly the tolerance is still equal");
        assertTrue(ttl(8_000, 10_000).isEmpty());
        assertEquals("source ttl 10000 ms, target ttl 7999 ms", ttl(10_000, 7_999).orElseThrow().detail());
        assertTrue(ttl(7_999, 10_000).isPresent());
    }

    @Test
    void zeroToleranceDemandsEqualTtl() {
        DifferenceRules exact = new DifferenceRules(0);
        assertTrue(exact.ttl(KEY, probe("string", 100), probe("string", 100)).isEmpty());
        assertTrue(exact.ttl(KEY, probe("string", 100), probe("string", 99)).isPresent());
    }

    private Optional<Difference> ttl(long sourcePttl, long targetPttl) {
        return rules.ttl(KEY, probe("string", sourcePttl), probe("string", targetPttl));
    }

    private static KeyProbe probe(String type, long pttl) {
        return new KeyProbe(type, pttl, null);
    }
}
