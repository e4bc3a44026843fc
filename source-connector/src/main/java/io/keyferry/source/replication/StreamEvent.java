package io.keyferry.source.replication;

import io.keyferry.common.record.KeyState;
import io.keyferry.source.offset.ReplicationPosition;

/** What the replication link hands the task, in the stream's order. */
sealed interface StreamEvent {
    /** The primary sends a full copy (an RDB) next: a first sync, or a partial resync refused. */
    record FullSync() implements StreamEvent {
    }

    /** A key of the RDB, as DUMP would give it; {@code state.type()} is null for a module's type. */
    record RdbKey(KeyState state) implements StreamEvent {
    }

    /** The command stream begins (after the RDB, or at once on a partial resync) at this place. */
    record Streaming(ReplicationPosition at, boolean partial) implements StreamEvent {
    }

    /** A command of the stream, what it did, and the place after it. */
    record Command(CommandKeys.Effect effect, ReplicationPosition after) implements StreamEvent {
    }

    /** The link failed for good; the task reopens it from its offset. */
    record Failed(Exception cause) implements StreamEvent {
    }
}
