package io.keyferry.source.bigkey;

import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.source.record.KeyRecordMapper;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One copy of a big key in parts, from its first part to its last, across as many polls as it takes. Every part
 * carries the copy's version; the parts before the last carry {@code offset}, the last {@code lastOffset}, so a
 * snapshot's position passes the key only once its copy is complete.
 */
final class BigKeyCopy {
    private final KeyRecordMapper.InParts mapped;
    private final Operation operation;
    private final Map<String, ?> offset;
    private final Map<String, ?> lastOffset;
    private final String version = UUID.randomUUID().toString();
    private KeyParts parts;
    /** A part read but not emitted yet (what followed its read failed): the next attempt emits it. */
    private KeyParts.Part read;
    private int index;

    BigKeyCopy(KeyRecordMapper.InParts mapped, Operation operation, Map<String, ?> offset, Map<String, ?> lastOffset) {
        this.mapped = mapped;
        this.operation = operation;
        this.offset = offset;
        this.lastOffset = lastOffset;
    }

    /** The same key copied again from its first part, under a new version: the key changed under this copy. */
    BigKeyCopy again(KeyRecordMapper.InParts now) {
        return new BigKeyCopy(now, operation, offset, lastOffset);
    }

    KeyState state() {
        return mapped.state();
    }

    byte[] key() {
        return mapped.state().key();
    }

    boolean started() {
        return parts != null;
    }

    /** Opens the parts: cut from the value read whole, or read from the server. */
    void start(KeyParts parts) {
        this.parts = parts;
    }

    Operation operation() {
        return operation;
    }

    Map<String, ?> lastOffset() {
        return lastOffset;
    }

    /** The next part: the one read last time if it was not emitted, else a new one. */
    KeyParts.Part nextPart() throws InterruptedException {
        if (read == null) {
            read = parts.next();
        }
        return read;
    }

    /** How many parts of this copy went out so far. */
    int partsEmitted() {
        return index;
    }

    /** The record of a part read now; the copy moves on to the next part. */
    SourceRecord record(KeyRecordMapper mapper, KeyParts.Part part,
                                                       Map<String, ?> partition) {
        read = null;
        ChunkPosition position = new ChunkPosition(version, index++, part.last());
        return mapper.toPartRecord(state(), part.value(), position, operation, partition,
                part.last() ? lastOffset : offset);
    }
}
