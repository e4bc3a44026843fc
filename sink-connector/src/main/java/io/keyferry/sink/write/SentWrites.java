package io.keyferry.sink.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of writes sent (and flushed) on one connection, whose replies are awaited together against one
 * deadline. Sending and awaiting are apart so that a {@link NodeRouter} can have the batches of every
 * cluster node in flight at once.
 */
final class SentWrites {
    /** How to learn the outcome of one write once its replies come. */
    @FunctionalInterface
    interface Outcome {
        /** @return null when the write succeeded, else the error (a timeout when no reply came by the deadline) */
        Throwable awaitError(long deadlineNanos) throws InterruptedException;
    }

    private final List<KeyWrite> writes = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Duration timeout;
    private long deadlineNanos;

    /** @param timeout how long the replies may take once the batch is flushed */
    SentWrites(Duration timeout) {
        this.timeout = timeout;
    }

    void add(KeyWrite write, Outcome outcome) {
        writes.add(write);
        outcomes.add(outcome);
    }

    /**
     * Marks the moment the batch went out: the replies are due within the timeout from then, not from the
     * start of sending (typed writes decode values while they send).
     */
    SentWrites flushed() {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        return this;
    }

    /** @return the writes the target did not acknowledge, with the reason */
    List<FailedWrite> await() throws InterruptedException {
        List<FailedWrite> failed = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            Throwable error = outcomes.get(i).awaitError(deadlineNanos);
            if (error != null) {
                failed.add(new FailedWrite(writes.get(i), error));
            }
        }
        return failed;
    }
}
