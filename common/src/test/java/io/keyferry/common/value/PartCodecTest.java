package io.keyferry.common.value;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PartCodecTest {
    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    static Stream<RedisValue> parts() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        return Stream.of(
                new StringValue(binary),
                new StringValue(new byte[0]),
                new HashValue(List.of(new FieldValue(b("f"), b("v")), new FieldValue(binary, new byte[0]))),
                new HashValue(List.of()),
                new ListValue(List.of(b("a"), binary, b("a"))),
                new SetValue(List.of(b("m1"), binary)),
                new ZSetValue(List.of(new ZSetValue.Member(b("a"), 1.5),
                        new ZSetValue.Member(b("b"), Double.NEGATIVE_INFINITY),
                        new ZSetValue.Member(b("c"), -0.0), new ZSetValue.Member(b("d"), 0.1 + 0.2))),
                new StreamValue(List.of(new StreamValue.Entry(new StreamId(1, 0),
                        List.of(new FieldValue(b("f"), b("v")), new FieldValue(b("f"), b("w")))),
                        new StreamValue.Entry(new StreamId(-1L, 7), List.of())),
                        new StreamId(-1L, 9), new StreamId(0, 3), 12L,
                        List.of(new StreamValue.Group(b("g"), new StreamId(1, 0), 1L),
                                new StreamValue.Group(binary, StreamId.ZERO, null))),
                new StreamValue(List.of(), StreamId.ZERO, null, null, List.of()));
    }

    @ParameterizedTest
    @MethodSource("parts")
    void everyTypeComesBackAsItWent(RedisValue part) {
        assertEquals(part, PartCodec.decode(PartCodec.encode(part)));
    }

    @Test
    void longByteStringsKeepTheirLength() {
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'x');
        ListValue list = new ListValue(List.of(big, b("end")));
        ListValue back = (ListValue) PartCodec.decode(PartCodec.encode(list));
        assertArrayEquals(big, back.elements().get(0));
        assertArrayEquals(b("end"), back.elements().get(1));
    }

    @Test
    void truncatedOrForeignBytesAreRejected() {
        byte[] encoded = PartCodec.encode(new HashValue(List.of(new FieldValue(b("field"), b("value")))));
        assertThrows(IllegalArgumentException.class,
                () -> PartCodec.decode(Arrays.copyOf(encoded, encoded.length - 2)));
        assertThrows(IllegalArgumentException.class, () -> PartCodec.decode(new byte[] {9, 'h'}));
        assertThrows(IllegalArgumentException.class, () -> PartCodec.decode(new byte[] {1, 'q'}));
        assertThrows(IllegalArgumentException.class, () -> PartCodec.decode(new byte[0]));
    }
}
