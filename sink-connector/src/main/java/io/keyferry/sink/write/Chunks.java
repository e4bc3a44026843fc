package io.keyferry.sink.write;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits a collection's elements into bounded groups, one command each, so that a big key is never one
 * giant command: a group closes at {@code maxItems} elements or once it holds {@code maxBytes}. An element
 * bigger than {@code maxBytes} gets a group of its own; nothing is ever dropped or split inside an element.
 */
final class Chunks {
    private Chunks() {
    }

    static <T> List<List<T>> split(List<T> items, int maxItems, long maxBytes, ToLongFunction<T> size) {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("chunks must hold at least one item and one byte");
        }
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long itemBytes = size.applyAsLong(item);
            if (!current.isEmpty() && (current.size() == maxItems || bytes + itemBytes > maxBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += itemBytes;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
