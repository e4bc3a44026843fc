package io.keyferry.common.compare;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LogicalValuesTest {

    @Test
    void stringsCompareByBytesNotByArrayIdentity() {
        assertEquals(LogicalValues.string(b("v")), LogicalValues.string(b("v")));
        assertNotEquals(LogicalValues.string(b("v")), LogicalValues.string(b("w")));
        assertEquals("string of 1 byte", LogicalValues.string(b("v")).summary());
        assertEquals("no value", LogicalValues.string(null).summary());
    }

    @Test
    void hashIgnoresFieldOrder() {
        LogicalValue ab = LogicalValues.hash(orderedMap(b("a"), b("1"), b("b"), b("2")));
        LogicalValue ba = LogicalValues.hash(orderedMap(b("b"), b("2"), b("a"), b("1")));
        assertEquals(ab, ba);
        assertNotEquals(ab, LogicalValues.hash(orderedMap(b("a"), b("1"), b("b"), b("3"))));
        assertEquals("hash with 2 fields", ab.summary());
    }

    @Test
    void listKeepsOrder() {
        assertEquals(LogicalValues.list(List.of(b("x"), b("y"))), LogicalValues.list(List.of(b("x"), b("y"))));
        assertNotEquals(LogicalValues.list(List.of(b("x"), b("y"))), LogicalValues.list(List.of(b("y"), b("x"))));
    }

    @Test
    void setComparesMembersByContent() {
        assertEquals(LogicalValues.set(Set.of(b("1"), b("2"))), LogicalValues.set(Set.of(b("2"), b("1"))));
        assertNotEquals(LogicalValues.set(Set.of(b("1"), b("2"))), LogicalValues.set(Set.of(b("1"), b("3"))));
    }

    @Test
    void zsetScoresMustBeExactlyEqual() {
        LogicalValue zset = LogicalValues.zset(List.of(ScoredValue.just(1.5, b("m")), ScoredValue.just(2, b("n"))));
        assertEquals(zset, LogicalValues.zset(List.of(ScoredValue.just(2, b("n")), ScoredValue.just(1.5, b("m")))));
        assertNotEquals(zset,
                LogicalValues.zset(List.of(ScoredValue.just(1.5000000001, b("m")), ScoredValue.just(2, b("n")))));
        assertEquals("zset with 2 members", zset.summary());
    }

    @Test
    void streamEntriesKeepOrderAndRepeatedFields() {
        LogicalValue stream = LogicalValues.stream(List.of(entry("1-0", b("f"), b("1"), b("f"), b("2"))), List.of());
        assertEquals(stream, LogicalValues.stream(List.of(entry("1-0", b("f"), b("1"), b("f"), b("2"))), List.of()));
        assertNotEquals(stream, LogicalValues.stream(List.of(entry("1-0", b("f"), b("2"), b("f"), b("1"))), List.of()));
        assertNotEquals(stream, LogicalValues.stream(List.of(entry("2-0", b("f"), b("1"), b("f"), b("2"))), List.of()));
        assertEquals("stream with 1 entry and 0 groups", stream.summary());
    }

    @Test
    void streamGroupsParseFlatListsAndMapsInAnyOrder() {
        List<Object> flat = List.of(group("g2", "5-0"), group("g1", "0-0"));
        Map<Object, Object> g1AsMap = new LinkedHashMap<>();
        g1AsMap.put(b("name"), b("g1"));
        g1AsMap.put(b("last-delivered-id"), b("0-0"));
        List<Object> mixed = List.of(g1AsMap, group("g2", "5-0"));

        StreamContent content = StreamContent.of(List.of(), flat);
        assertEquals(List.of("g1:0-0", "g2:5-0"), new ArrayList<>(content.groups()));
        assertEquals(content, StreamContent.of(List.of(), mixed));
        assertNotEquals(content, StreamContent.of(List.of(), List.of(group("g2", "6-0"), group("g1", "0-0"))));
    }

    @Test
    void differenceDetailShowsBothSummariesOrSaysTheContentDiffers() {
        LogicalValue three = LogicalValues.list(List.of(b("a"), b("b"), b("c")));
        LogicalValue two = LogicalValues.list(List.of(b("a"), b("b")));
        LogicalValue otherTwo = LogicalValues.list(List.of(b("a"), b("z")));
        assertEquals("source list with 3 elements, target list with 2 elements",
                three.differenceFrom(two).orElseThrow());
        assertEquals("content differs, both list with 2 elements", two.differenceFrom(otherTwo).orElseThrow());
        assertEquals(Optional.empty(), two.differenceFrom(LogicalValues.list(List.of(b("a"), b("b")))));
    }

    /** XINFO GROUPS element as the byte array codec delivers it: alternating names and values. */
    private static List<Object> group(String name, String lastDeliveredId) {
        List<Object> group = new ArrayList<>(List.of(b("name"), b(name), b("consumers"), 0L, b("pending"), 0L,
                b("last-delivered-id"), b(lastDeliveredId)));
        group.add(b("entries-read"));
        group.add(null);
        return group;
    }

    private static StreamMessage<byte[], byte[]> entry(String id, byte[]... fieldsAndValues) {
        return new StreamMessage<>(b("s"), id, orderedMap(fieldsAndValues));
    }

    /** Keyed by byte[] identity like Lettuce's bodies, so a repeated field name stays twice. */
    private static Map<byte[], byte[]> orderedMap(byte[]... fieldsAndValues) {
        Map<byte[], byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            map.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
