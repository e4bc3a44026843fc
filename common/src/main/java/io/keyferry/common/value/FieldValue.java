package io.keyferry.common.value;

import java.util.Arrays;

/** One field of a hash or of a stream entry, with its value. */
public record FieldValue(byte[] field, byte[] value) {
    public FieldValue {
        Bytes.requireNonNull(field, "field");
        Bytes.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldValue that && Arrays.equals(field, that.field) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(field) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Bytes.text(field) + "=" + Bytes.text(value);
    }
}
