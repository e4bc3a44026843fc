package io.keyferry.common.compare;

import java.util.Objects;
import java.util.Optional;

/**
 * A key's value reduced to content that compares with {@code equals} whatever encoding the server
 * chose (listpack, intset, hashtable...), so a source and a target of different Redis versions compare
 * by what a client reads, not by DUMP bytes.
 *
 * @param content collections of {@link java.nio.ByteBuffer}s and similar value types, null when the key
 *     had no value when read
 * @param summary short description for reports, e.g. {@code hash with 3 fields}
 */
record LogicalValue(Object content, String summary) {
    LogicalValue {
        Objects.requireNonNull(summary, "summary");
    }

    /** Short text telling how this source value differs from the target one, empty when equal. */
    Optional<String> differenceFrom(LogicalValue target) {
        if (Objects.equals(content, target.content)) {
            return Optional.empty();
        }
        if (summary.equals(target.summary)) {
            return Optional.of("content differs, both " + summary);
        }
        return Optional.of("source " + summary + ", target " + target.summary);
    }
}
