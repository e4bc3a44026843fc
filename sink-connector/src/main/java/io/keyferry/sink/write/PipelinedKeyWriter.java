package io.keyferry.sink.write;

import java.util.List;

/** A {@link KeyWriter} on one connection whose batch can be sent first and awaited later. */
interface PipelinedKeyWriter extends KeyWriter {
    /** Sends every write and flushes them, without waiting for the replies. */
    SentWrites send(List<KeyWrite> writes);

    @Override
    default List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        return send(writes).await();
    }
}
