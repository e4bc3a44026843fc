package io.keyferry.sink.write;

import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.TransientErrors;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code redis.wait.replicas}: after a batch is written, WAIT until that many replicas acknowledged it.
 * Too few acknowledgements, or a transient error, is retried with the retry policy's backoff (the writes
 * stay on the primary meanwhile); when the attempts are spent the task fails, so the batch's offsets are
 * not committed and its records are written again after a restart.
 */
public final class ReplicaWaiter {
    private static final Logger log = LoggerFactory.getLogger(ReplicaWaiter.class);

    private final KeyWriter writer;
    private final int replicas;
    private final Duration timeout;
    private final RetryLoop retries;
    private final String target;

    /** Why a WAIT fell short; {@code unanswered} when the target did not answer it at all. */
    private record Shortfall(String description, boolean unanswered) {
    }

    /** WAIT once, and say so between attempts. */
    private final RetryLoop.Action<Shortfall> waits = new RetryLoop.Action<>() {
        @Override
        public Shortfall attempt() throws InterruptedException {
            try {
                long acknowledged = writer.waitForReplicas(replicas, timeout);
                return acknowledged >= replicas ? null : new Shortfall(acknowledged + " of " + replicas
                        + " replicas acknowledged the writes within " + timeout.toMillis() + " ms", false);
            } catch (RuntimeException e) {
                if (!TransientErrors.isTransient(e)) {
                    throw new ConnectException("WAIT for " + replicas + " replicas failed on " + target + ": "
                            + ConnectionCheck.describe(e), e);
                }
                return new Shortfall("WAIT failed: " + ConnectionCheck.describe(e), true);
            }
        }

        @Override
        public void retrying(Shortfall shortfall, int retry, int retries, long waitMillis) {
            log.warn("{} on {}; waiting again ({} of {}) in {} ms", shortfall.description(), target, retry, retries,
                    waitMillis);
        }

        @Override
        public RuntimeException gaveUp(Shortfall shortfall, int attempts) {
            if (shortfall.unanswered()) {
                // The target did not answer: an outage, which redelivery rides out like a failed write.
                return new RetriableException("WAIT for " + replicas + " replicas of " + target + " failed "
                        + attempts + " times: " + shortfall.description()
                        + ". The records stay uncommitted; Connect delivers the batch again.");
            }
            return new ConnectException("Gave up waiting for replicas of " + target + " after " + attempts
                    + " attempts: " + shortfall.description() + " (redis.wait.replicas=" + replicas + "). The writes "
                    + "are on the primary; the records stay uncommitted and are written again when the task is "
                    + "restarted.");
        }
    };

    public ReplicaWaiter(KeyWriter writer, int replicas, Duration timeout, RetryPolicy policy, String target) {
        this(writer, replicas, timeout, new RetryLoop(policy, Thread::sleep), target);
    }

    ReplicaWaiter(KeyWriter writer, int replicas, Duration timeout, RetryLoop retries, String target) {
        this.writer = writer;
        this.replicas = replicas;
        this.timeout = timeout;
        this.retries = retries;
        this.target = target;
    }

    public void await() throws InterruptedException {
        if (replicas > 0) {
            retries.run(waits);
        }
    }
}
