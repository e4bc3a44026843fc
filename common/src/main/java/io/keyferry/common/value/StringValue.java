package io.keyferry.common.value;

import java.util.Arrays;

/** A string key's bytes. */
public record StringValue(byte[] value) implements RedisValue {
    public StringValue {
        Bytes.requireNonNull(value, "value");
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StringValue that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StringValue[" + value.length + " bytes]";
    }
}
