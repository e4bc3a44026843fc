package io.keyferry.source.bigkey;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.value.FieldValue;
import io.keyferry.common.value.HashValue;
import io.keyferry.common.value.PartCodec;
import io.keyferry.common.value.RedisValue;
import io.keyferry.common.value.StreamId;
import io.keyferry.common.value.StreamValue;
import io.keyferry.common.value.StringValue;
import io.keyferry.common.value.ZSetValue;
import io.keyferry.source.record.ValueFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cutting values into parts: every part within a record, nothing lost or repeated, the last one marked. */
class PartSourcesTest {
    private static final byte[] KEY = "big".getBytes(UTF_8);
    private static final int LIMIT = 64 * 1024;

    private static List<KeyParts.Part> cut(RedisValue value, ValueFormat format) throws InterruptedException {
        PartSizes sizes = new PartSizes(format, LIMIT);
        KeyParts parts = PartSources.inMemory(KEY, value, sizes);
        List<KeyParts.Part> all = new ArrayList<>();
        KeyParts.Part part;
        do {
            part = parts.next();
            all.add(part);
        } while (!part.last());
        return all;
    }

    @Test
    void aStringIsCutIntoRangesThatAddUpToIt() throws InterruptedException {
        byte[] bytes = new byte[1_000_000];
        new Random(1).nextBytes(bytes);
        for (ValueFormat format : ValueFormat.values()) {
            List<KeyParts.Part> parts = cut(new StringValue(bytes), format);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (KeyParts.Part part : parts) {
                byte[] range = ((StringValue) part.value()).value();
                assertTrue(range.length <= LIMIT, "range of " + range.length + " bytes");
                joined.writeBytes(range);
            }
            assertArrayEquals(bytes, joined.toByteArray(), format + " parts joined");
            assertTrue(parts.size() > 1_000_000 / LIMIT, parts.size() + " parts");
            assertTrue(parts.subList(0, parts.size() - 1).stream().noneMatch(KeyParts.Part::last));
        }
    }

    @Test
    void aHashIsCutIntoPartsEachFittingInARecord() throws InterruptedException {
        List<FieldValue> fields = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            fields.add(new FieldValue(("field:" + i).getBytes(UTF_8), ("value " + i).getBytes(UTF_8)));
        }
        for (ValueFormat format : ValueFormat.values()) {
            List<KeyParts.Part> parts = cut(new HashValue(fields), format);
            List<FieldValue> joined = new ArrayList<>();
            for (KeyParts.Part part : parts) {
                HashValue hash = (HashValue) part.value();
                joined.addAll(hash.fields());
                if (format == ValueFormat.DUMP) {
                    assertTrue(PartCodec.encode(hash).length <= LIMIT - PartSizes.ALLOWANCE, "encoded part size");
                }
            }
            assertEquals(fields, joined, format + " parts joined");
            assertTrue(parts.size() > 1);
        }
    }

    @Test
    void aStreamsLastPartCarriesItsPositionAndGroups() throws InterruptedException {
        List<StreamValue.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            entries.add(new StreamValue.Entry(new StreamId(i, 0),
                    List.of(new FieldValue("event".getBytes(UTF_8), ("payload " + i).getBytes(UTF_8)))));
        }
        StreamValue stream = new StreamValue(entries, new StreamId(9_000, 0), new StreamId(10, 0), 6_000L,
                List.of(new StreamValue.Group("workers".getBytes(UTF_8), new StreamId(100, 0), 100L)));
        List<KeyParts.Part> parts = cut(stream, ValueFormat.DUMP);
        StreamValue last = (StreamValue) parts.get(parts.size() - 1).value();
        assertEquals(stream.lastId(), last.lastId());
        assertEquals(stream.groups(), last.groups());
        assertEquals(6_000L, last.entriesAdded());
        StreamValue first = (StreamValue) parts.get(0).value();
        assertTrue(first.groups().isEmpty());
        assertEquals(entries, parts.stream().flatMap(p -> ((StreamValue) p.value()).entries().stream()).toList());
    }

    @Test
    void anElementBiggerThanARecordCannotBeCut() {
        byte[] huge = new byte[LIMIT * 2];
        ZSetValue zset = new ZSetValue(List.of(new ZSetValue.Member("small".getBytes(UTF_8), 1),
                new ZSetValue.Member(huge, 2)));
        PartTooLargeException e = assertThrows(PartTooLargeException.class, () -> cut(zset, ValueFormat.DUMP));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void valuesFitWholeOnlyWithinTheLimitAndStructCostsMore() {
        PartSizes dump = new PartSizes(ValueFormat.DUMP, LIMIT);
        PartSizes struct = new PartSizes(ValueFormat.STRUCT, LIMIT);
        StringValue fits = new StringValue(new byte[LIMIT / 2]);
        StringValue tooBig = new StringValue(new byte[LIMIT]);
        assertTrue(dump.fits(KEY, fits));
        assertFalse(dump.fits(KEY, tooBig));
        StringValue betweenFormats = new StringValue(new byte[LIMIT * 7 / 8]);
        assertTrue(dump.fits(KEY, betweenFormats));
        assertFalse(struct.fits(KEY, betweenFormats), "base64 in JSON takes a third more");
    }
}
