package io.keyferry.sink.write;

import java.util.List;

/** A {@link KeyWriter} on one connection whose batch can be sent first and awaited later. */
interface PipelinedKeyWriter extends KeyWriter {
    /** Sends every write and flushes them, without waiting for the replies. */
    default SentWrites send(List<KeyWrite> writes) {
        return send(writes, false);
    }

    /**
     * @param asking whether to precede each key's commands with ASKING: the writes go to the node importing
     *               their slot, which a redirection with ASK named
     */
    SentWrites send(List<KeyWrite> writes, boolean asking);

    @Override
    default List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        return send(writes).await();
    }
}
