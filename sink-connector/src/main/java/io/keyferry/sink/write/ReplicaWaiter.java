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
    private final RetryPolicy policy;
    private final String target;

    public ReplicaWaiter(KeyWriter writer, int replicas, Duration timeout, RetryPolicy policy, String target) {
        this.writer = writer;
        this.replicas = replicas;
        this.timeout = timeout;
        this.policy = policy;
        this.target = target;
    }

    public void await() throws InterruptedException {
        if (replicas <= 0) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            String shortfall;
            boolean unanswered = false;
            try {
                long acknowledged = writer.waitForReplicas(replicas, timeout);
                if (acknowledged >= replicas) {
                    return;
                }
                shortfall = acknowledged + " of " + replicas + " replicas acknowledged the writes within "
                        + timeout.toMillis() + " ms";
            } catch (RuntimeException e) {
                if (!TransientErrors.isTransient(e)) {
                    throw new ConnectException("WAIT for " + replicas + " replicas failed on " + target + ": "
                            + ConnectionCheck.describe(e), e);
                }
                shortfall = "WAIT failed: " + ConnectionCheck.describe(e);
                unanswered = true;
            }
            if (attempt >= policy.maxAttempts() && unanswered) {
                // The target did not answer: an outage, which redelivery rides out like a failed write.
                throw new RetriableException("WAIT for " + replicas + " replicas of " + target + " failed " + attempt
                        + " times: " + shortfall + ". The records stay uncommitted; Connect delivers the batch again.");
            }
            if (attempt >= policy.maxAttempts()) {
                throw new ConnectException("Gave up waiting for replicas of " + target + " after " + attempt
                        + " attempts: " + shortfall + " (redis.wait.replicas=" + replicas + "). The writes are on the "
                        + "primary; the records stay uncommitted and are written again when the task is restarted.");
            }
            long wait = policy.backoffAfter(attempt).toMillis();
            log.warn("{} on {}; waiting again ({} of {}) in {} ms", shortfall, target, attempt, policy.maxAttempts() - 1, wait);
            Thread.sleep(wait);
        }
    }
}
