package io.keyferry.common.value;

import java.util.List;

/** A list's elements, head first. */
public record ListValue(List<byte[]> elements) implements RedisValue {
    public ListValue {
        elements = List.copyOf(elements);
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListValue that && Bytes.equal(elements, that.elements);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(elements);
    }

    @Override
    public String toString() {
        return "ListValue" + Bytes.text(elements);
    }
}
