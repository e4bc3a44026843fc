package io.keyferry.sink.write;

import java.time.Duration;
import java.util.List;

/**
 * Writes a batch of key states to the target; one implementation per way of writing (see {@link WriteMode}),
 * and {@link NodeRouter} for a cluster.
 */
public interface KeyWriter extends AutoCloseable {
    /**
     * Writes every key state, pipelined, and waits for the target's answers. A batch holds at most one write
     * per key.
     *
     * @return the writes the target did not acknowledge, with the reason; empty when all succeeded
     */
    List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException;

    /**
     * {@code WAIT replicas timeout} on every connection this writer wrote with, since WAIT covers only the
     * writes of its own connection.
     *
     * @return the fewest replicas that acknowledged a connection's writes
     */
    long waitForReplicas(int replicas, Duration timeout) throws InterruptedException;

    /** Closes the connections this writer opened or was given. */
    @Override
    void close();
}
