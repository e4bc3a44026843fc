package io.keyferry.source.bigkey;

import io.keyferry.common.value.RedisValue;

/** The parts of one big key, read or cut one after the other, each within the content budget of one record. */
interface KeyParts {
    /**
     * @return the next part; the last one, which completes the key, may be empty
     * @throws PartTooLargeException when a single element of the key does not fit in a record
     */
    Part next() throws InterruptedException;

    /** A part of the key's content; the last part of a stream also carries the stream's position and groups. */
    record Part(RedisValue value, boolean last) {
    }
}
