package io.keyferry.common.value;

/**
 * A stream entry ID, {@code <milliseconds>-<sequence>}. Both parts are unsigned 64-bit numbers in Redis,
 * kept here in longs and printed unsigned.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId ZERO = new StreamId(0, 0);

    /** Parses {@code ms-seq}, as XADD and XINFO write it. */
    public static StreamId parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("not a stream ID (ms-seq): '" + text + "'");
        }
        try {
            return new StreamId(Long.parseUnsignedLong(text.substring(0, dash)),
                    Long.parseUnsignedLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream ID (ms-seq): '" + text + "'", e);
        }
    }

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
