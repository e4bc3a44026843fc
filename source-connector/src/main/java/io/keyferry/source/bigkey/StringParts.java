package io.keyferry.source.bigkey;

import io.keyferry.common.value.StringValue;

/** Cuts a string into byte ranges, read from the server ({@code GETRANGE}) or sliced from a value in memory. */
final class StringParts implements KeyParts {
    /** The bytes from {@code offset}, at most {@code length} of them; fewer at the end of the string. */
    @FunctionalInterface
    interface Ranges {
        byte[] read(long offset, int length) throws InterruptedException;
    }

    private final Ranges ranges;
    private final int length;
    private long offset;

    /** @param length bytes per part */
    StringParts(Ranges ranges, int length) {
        this.ranges = ranges;
        this.length = length;
    }

    @Override
    public Part next() throws InterruptedException {
        byte[] bytes = ranges.read(offset, length);
        offset += bytes.length;
        return new Part(new StringValue(bytes), bytes.length < length);
    }
}
