package io.keyferry.sink.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.ListValue;
import io.keyferry.common.value.SetValue;
import io.keyferry.common.value.StreamId;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ZSetValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypedCommandPlannerTest {
    private static final byte[] KEY = b("k");
    private static final TypedCommandPlanner REDIS_7 = new TypedCommandPlanner(new TargetFeatures(7, 0));
    private static final TypedCommandPlanner REDIS_62 = new TypedCommandPlanner(new TargetFeatures(6, 2));

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static List<String> rendered(List<WriteCommand> commands) {
        return commands.stream().map(WriteCommand::toString).toList();
    }

    @Test
    void stringIsOneSetAndAnExpiryWhenItHasOne() {
        assertEquals(List.of("SET \"k\" v"), rendered(REDIS_7.plan(KEY, new StringValue(b("v")), -1)));
        assertEquals(List.of("SET \"k\" v", "PEXPIREAT \"k\" 1700000000000"),
                rendered(REDIS_7.plan(KEY, new StringValue(b("v")), 1_700_000_000_000L)));
    }

    @Test
    void collectionsStartWithDelAndEndWithTheExpiry() {
        HashValue hash = new HashValue(List.of(new FieldValue(b("f"), b("1")), new FieldValue(b("g"), b("2"))));
        assertEquals(List.of("DEL \"k\"", "HSET \"k\" f 1 g 2", "PEXPIREAT \"k\" 5"),
                rendered(REDIS_7.plan(KEY, hash, 5)));
        assertEquals(List.of("DEL \"k\"", "RPUSH \"k\" a b a"),
                rendered(REDIS_7.plan(KEY, new ListValue(List.of(b("a"), b("b"), b("a"))), -1)));
        assertEquals(List.of("DEL \"k\"", "SADD \"k\" x"),
                rendered(REDIS_7.plan(KEY, new SetValue(List.of(b("x"))), -1)));
    }

    @Test
    void scoresAreSentAsTextThatParsesBackExactly() {
        ZSetValue zset = new ZSetValue(List.of(new ZSetValue.Member(b("a"), Double.POSITIVE_INFINITY),
                new ZSetValue.Member(b("b"), Double.NEGATIVE_INFINITY), new ZSetValue.Member(b("c"), 0.1),
                new ZSetValue.Member(b("d"), 1e-9)));
        assertEquals(List.of("DEL \"k\"", "ZADD \"k\" inf a -inf b 0.1 c 1.0E-9 d"),
                rendered(REDIS_7.plan(KEY, zset, -1)));
    }

    @Test
    void bigCollectionsAreWrittenInChunksOfAThousand() {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            elements.add(b("e" + i));
        }
        List<WriteCommand> plan = REDIS_7.plan(KEY, new ListValue(elements), 9);
        assertEquals(5, plan.size(), "DEL, three RPUSH, PEXPIREAT");
        assertEquals(List.of(1000, 1000, 500), plan.subList(1, 4).stream().map(c -> c.args().size()).toList());
        List<FieldValue> fields = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            fields.add(new FieldValue(b("f" + i), b("v")));
        }
        List<WriteCommand> hash = REDIS_7.plan(KEY, new HashValue(fields), -1);
        assertEquals(List.of(2000, 2), hash.subList(1, 3).stream().map(c -> c.args().size()).toList(),
                "a field and its value stay in the same command");
    }

    @Test
    void bigElementsCloseAChunkByBytes() {
        byte[] big = new byte[(int) TypedCommandPlanner.MAX_CHUNK_BYTES / 2 + 1];
        List<WriteCommand> plan = REDIS_7.plan(KEY, new SetValue(List.of(big, big, big)), -1);
        assertEquals(4, plan.size(), "DEL and one SADD per member");
        assertTrue(plan.stream().allMatch(c -> c.argumentBytes() <= TypedCommandPlanner.MAX_CHUNK_BYTES));
    }

    private static StreamValue stream() {
        return new StreamValue(List.of(
                new StreamValue.Entry(new StreamId(1, 1),
                        List.of(new FieldValue(b("f"), b("v")), new FieldValue(b("f"), b("w")))),
                new StreamValue.Entry(new StreamId(3, 0), List.of(new FieldValue(b("a"), b("b"))))),
                new StreamId(4, 0), new StreamId(2, 0), 5L,
                List.of(new StreamValue.Group(b("g"), new StreamId(1, 1), 1L),
                        new StreamValue.Group(b("h"), StreamId.ZERO, null)));
    }

    @Test
    void streamEntriesKeepTheirIdsAndTheStreamItsPositionsOnRedis7() {
        assertEquals(List.of("DEL \"k\"", "XADD \"k\" 1-1 f v f w", "XADD \"k\" 3-0 a b",
                "XSETID \"k\" 4-0 ENTRIESADDED 5 MAXDELETEDID 2-0",
                "XGROUP CREATE \"k\" g 1-1 ENTRIESREAD 1", "XGROUP CREATE \"k\" h 0-0"),
                rendered(REDIS_7.plan(KEY, stream(), -1)));
    }

    @Test
    void streamCountersAreLeftOutForTargetsBeforeRedis7() {
        assertEquals(List.of("DEL \"k\"", "XADD \"k\" 1-1 f v f w", "XADD \"k\" 3-0 a b", "XSETID \"k\" 4-0",
                "XGROUP CREATE \"k\" g 1-1", "XGROUP CREATE \"k\" h 0-0"), rendered(REDIS_62.plan(KEY, stream(), -1)));
    }

    @Test
    void emptyStreamIsCreatedByAGroupThatDropsItself() {
        StreamValue empty = new StreamValue(List.of(), new StreamId(7, 1), null, null, List.of());
        assertEquals(List.of("DEL \"k\"", "XGROUP CREATE \"k\" keyferry:create-empty-stream 0 MKSTREAM",
                "XGROUP DESTROY \"k\" keyferry:create-empty-stream", "XSETID \"k\" 7-1"),
                rendered(REDIS_62.plan(KEY, empty, -1)));
        StreamValue neverUsed = new StreamValue(List.of(), StreamId.ZERO, null, null, List.of());
        assertEquals(3, REDIS_62.plan(KEY, neverUsed, -1).size(), "no XSETID to 0-0");
    }

    @Test
    void aPartAddsToWhatTheStagingKeyHoldsWithoutDelOrExpiry() {
        assertEquals(List.of("APPEND \"k\" abc"), rendered(REDIS_7.planPart(KEY, new StringValue(b("abc")), false)));
        assertEquals(List.of(), rendered(REDIS_7.planPart(KEY, new StringValue(new byte[0]), true)));
        HashValue hash = new HashValue(List.of(new FieldValue(b("f"), b("1"))));
        assertEquals(List.of("HSET \"k\" f 1"), rendered(REDIS_7.planPart(KEY, hash, true)));
        assertEquals(List.of(), rendered(REDIS_7.planPart(KEY, new SetValue(List.of()), true)));
        StreamValue stream = new StreamValue(List.of(new StreamValue.Entry(new StreamId(5, 0),
                List.of(new FieldValue(b("f"), b("v"))))), new StreamId(9, 0), null, null,
                List.of(new StreamValue.Group(b("g"), new StreamId(5, 0), null)));
        assertEquals(List.of("XADD \"k\" 5-0 f v"), rendered(REDIS_7.planPart(KEY, stream, false)),
                "a stream's position and groups come with its last part only");
        assertEquals(List.of("XADD \"k\" 5-0 f v", "XSETID \"k\" 9-0", "XGROUP CREATE \"k\" g 5-0"),
                rendered(REDIS_7.planPart(KEY, stream, true)));
    }
}
