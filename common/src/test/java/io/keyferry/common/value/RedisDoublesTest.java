package io.keyferry.common.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RedisDoublesTest {
    @Test
    void readsInfinitiesAsRedisWritesThem() {
        assertEquals(Double.POSITIVE_INFINITY, RedisDoubles.parse("inf"));
        assertEquals(Double.POSITIVE_INFINITY, RedisDoubles.parse("+inf"));
        assertEquals(Double.NEGATIVE_INFINITY, RedisDoubles.parse("-inf"));
        assertEquals(Double.NEGATIVE_INFINITY, RedisDoubles.parse("-Infinity"));
    }

    @Test
    void readsSeventeenDigitScoresExactly() {
        assertEquals(0.1, RedisDoubles.parse("0.10000000000000001"));
        assertEquals(1e-9, RedisDoubles.parse("1.0000000000000001e-09"));
        assertEquals(42.0, RedisDoubles.parse("42"));
    }

    @Test
    void nanIsNotAScore() {
        assertThrows(NumberFormatException.class, () -> RedisDoubles.parse("nan"));
        assertThrows(NumberFormatException.class, () -> RedisDoubles.parse("score"));
    }

    @Test
    void formatRoundTripsEveryBitPattern() {
        double[] values = {0.1, 1.0 / 3, -2.5, 1e-9 * 7, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 0.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 300 / 7.0 + 1e-9 * 299};
        for (double value : values) {
            String text = RedisDoubles.format(value);
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(RedisDoubles.parse(text)), text);
        }
        assertEquals("inf", RedisDoubles.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", RedisDoubles.format(Double.NEGATIVE_INFINITY));
    }
}
