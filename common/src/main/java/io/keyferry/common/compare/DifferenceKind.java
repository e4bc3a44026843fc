package io.keyferry.common.compare;

/**
 * What differs for a key between source and target. A key counts under one kind only: the first that
 * applies in declaration order ({@link #EXTRA} comes from the separate pass over the target).
 */
public enum DifferenceKind {
    /** In the source, not in the target. */
    MISSING,
    /** In the target, not in the source. */
    EXTRA,
    /** In both, with different Redis types. */
    TYPE,
    /** Same type, different content. */
    VALUE,
    /** Same content, time to live differs beyond the tolerance or only one side expires. */
    TTL
}
