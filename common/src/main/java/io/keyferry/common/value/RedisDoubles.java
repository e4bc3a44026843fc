package io.keyferry.common.value;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Doubles as Redis writes and reads them in text. Redis prints a sorted-set score with up to 17
 * significant digits (exact) and infinities as {@code inf} / {@code -inf}, and parses with strtod; Java's
 * {@link Double#parseDouble} rejects {@code inf}, and {@link Double#toString} writes {@code Infinity}.
 */
public final class RedisDoubles {
    private RedisDoubles() {
    }

    /** Parses a score as Redis stored it as text (a listpack or ziplist element). */
    public static double parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        switch (trimmed) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                double value = Double.parseDouble(trimmed);
                if (Double.isNaN(value)) {
                    throw new NumberFormatException("a score cannot be NaN");
                }
                return value;
            }
        }
    }

    /**
     * The text Redis reads back as exactly this double: {@code inf}, {@code -inf}, or Java's
     * round-trip decimal (which strtod, correctly rounded, turns back into the same bits, -0.0 included).
     */
    public static String format(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return Double.toString(value);
    }

    public static byte[] formatBytes(double value) {
        return format(value).getBytes(StandardCharsets.US_ASCII);
    }
}
