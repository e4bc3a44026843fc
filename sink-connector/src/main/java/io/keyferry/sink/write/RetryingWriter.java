package io.keyferry.sink.write;

import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.record.KeyText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the writes that failed for a transient reason, with backoff, until they succeed or the policy's
 * attempts are spent; then the batch is handed back to Connect as a {@link RetriableException}, which delivers
 * it again: an outage longer than the attempts stalls the task, never fails it. Writes that failed for a reason
 * of their own are returned for the errant record reporter. Retrying only the failed writes is safe
 * because a batch holds at most one write per key.
 */
public final class RetryingWriter {
    private static final Logger log = LoggerFactory.getLogger(RetryingWriter.class);

    private final KeyWriter writer;
    private final RetryPolicy policy;
    private final String target;
    private final AtomicLong retries = new AtomicLong();

    public RetryingWriter(KeyWriter writer, RetryPolicy policy, String target) {
        this.writer = writer;
        this.policy = policy;
        this.target = target;
    }

    /** Transient failures retried so far: each write retried counts once per retry. */
    public long retries() {
        return retries.get();
    }

    /** @return the writes rejected for a reason of their own */
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        List<FailedWrite> rejected = new ArrayList<>();
        List<KeyWrite> pending = writes;
        for (int attempt = 1; ; attempt++) {
            List<KeyWrite> transientFailures = new ArrayList<>();
            FailedWrite lastTransient = null;
            for (FailedWrite failure : writer.write(pending)) {
                if (TransientErrors.isTransient(failure.error())) {
                    transientFailures.add(failure.write());
                    lastTransient = failure;
                } else {
                    rejected.add(failure);
                }
            }
            if (transientFailures.isEmpty()) {
                return rejected;
            }
            if (attempt >= policy.maxAttempts()) {
                throw new RetriableException(transientFailures.size() + " keys could not be written to " + target
                        + " in " + attempt + " attempts; last error on key "
                        + KeyText.printable(lastTransient.write().key()) + ": " + ConnectionCheck.describe(lastTransient.error())
                        + ". The records stay uncommitted; Connect delivers the batch again.", lastTransient.error());
            }
            long wait = policy.backoffAfter(attempt).toMillis();
            log.warn("{} of {} writes to {} failed transiently ({}); retry {} of {} in {} ms", transientFailures.size(),
                    pending.size(), target, ConnectionCheck.describe(lastTransient.error()), attempt,
                    policy.maxAttempts() - 1, wait);
            retries.addAndGet(transientFailures.size());
            Thread.sleep(wait);
            pending = transientFailures;
        }
    }
}
