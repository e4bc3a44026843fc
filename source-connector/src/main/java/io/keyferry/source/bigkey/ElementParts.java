package io.keyferry.source.bigkey;

import io.keyferry.common.record.KeyText;
import io.keyferry.common.value.RedisValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cuts a collection into parts: elements come page by page (from the server, or all at once from a value in
 * memory) and go into the current part until the next one would pass the budget. At most one page and one
 * part are held at a time.
 */
final class ElementParts<T> implements KeyParts {
    /** Where the elements come from. */
    interface Pages<T> {
        /** Adds the next page of elements (possibly none); @return false when no page follows it */
        boolean next(Deque<T> into) throws InterruptedException;
    }

    /** Makes a part's value of its elements; the last part of a stream adds the stream's metadata. */
    interface Assembly<T> {
        RedisValue part(List<T> elements, boolean last) throws InterruptedException;
    }

    private final byte[] key;
    private final Pages<T> pages;
    private final ToLongFunction<T> cost;
    private final Assembly<T> assembly;
    private final long budget;
    private final Deque<T> pending = new ArrayDeque<>();
    private boolean more = true;

    ElementParts(byte[] key, Pages<T> pages, ToLongFunction<T> cost, Assembly<T> assembly, long budget) {
        this.key = key;
        this.pages = pages;
        this.cost = cost;
        this.assembly = assembly;
        this.budget = budget;
    }

    /** A failed read loses nothing: the elements taken for the part go back, and the next call reads on. */
    @Override
    public Part next() throws InterruptedException {
        List<T> elements = new ArrayList<>();
        try {
            return next(elements);
        } catch (RuntimeException | InterruptedException e) {
            for (int i = elements.size() - 1; i >= 0; i--) {
                pending.addFirst(elements.get(i));
            }
            throw e;
        }
    }

    private Part next(List<T> elements) throws InterruptedException {
        long bytes = 0;
        while (true) {
            if (pending.isEmpty()) {
                if (!more) {
                    break;
                }
                more = pages.next(pending);
                continue;
            }
            long size = cost.applyAsLong(pending.peek());
            if (size > budget) {
                throw new PartTooLargeException("key " + KeyText.printable(key) + " holds an element of about "
                        + size + " bytes, more than one record can carry (" + budget + " bytes)");
            }
            if (bytes + size > budget) {
                break;
            }
            elements.add(pending.poll());
            bytes += size;
        }
        boolean last = pending.isEmpty() && !more;
        return new Part(assembly.part(elements, last), last);
    }
}
