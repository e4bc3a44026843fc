package io.keyferry.common.compare;

import io.keyferry.common.record.KeyText;

import java.util.Arrays;
import java.util.Objects;

/**
 * One key that differs between source and target.
 *
 * @param kind what differs
 * @param key the key, binary
 * @param detail short human text, e.g. {@code source hash with 3 fields, target hash with 2 fields}
 */
public record Difference(DifferenceKind kind, byte[] key, String detail) {
    public Difference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(detail, "detail");
    }

    // The record defaults compare byte[] by identity; a difference is about the key's content.
    @Override
    public boolean equals(Object other) {
        return other instanceof Difference that
                && kind == that.kind
                && Arrays.equals(key, that.key)
                && detail.equals(that.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(key), detail);
    }

    @Override
    public String toString() {
        return kind + " " + KeyText.printable(key) + ": " + detail;
    }
}
