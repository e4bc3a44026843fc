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
    private final RetryLoop retries;
    private final String target;
    private final AtomicLong retried = new AtomicLong();

    public RetryingWriter(KeyWriter writer, RetryPolicy policy, String target) {
        this(writer, new RetryLoop(policy, Thread::sleep), target);
    }

    RetryingWriter(KeyWriter writer, RetryLoop retries, String target) {
        this.writer = writer;
        this.retries = retries;
        this.target = target;
    }

    /** Transient failures retried so far: each write retried counts once per retry. */
    public long retries() {
        return retried.get();
    }

    /** @return the writes rejected for a reason of their own */
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        Batch batch = new Batch(writes);
        retries.run(batch);
        return batch.rejected;
    }

    /** The writes of an attempt that failed transiently, of the {@code tried}, and the last of them. */
    private record TransientFailures(List<KeyWrite> writes, int tried, FailedWrite last) {
    }

    /** One batch through its attempts: the writes still to make, and those rejected for a reason of their own. */
    private final class Batch implements RetryLoop.Action<TransientFailures> {
        private List<KeyWrite> pending;
        private final List<FailedWrite> rejected = new ArrayList<>();

        Batch(List<KeyWrite> writes) {
            this.pending = writes;
        }

        @Override
        public TransientFailures attempt() throws InterruptedException {
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
                return null;
            }
            TransientFailures failures = new TransientFailures(transientFailures, pending.size(), lastTransient);
            pending = transientFailures;
            return failures;
        }

        @Override
        public void retrying(TransientFailures failures, int retry, int retries, long waitMillis) {
            log.warn("{} of {} writes to {} failed transiently ({}); retry {} of {} in {} ms", failures.writes().size(),
                    failures.tried(), target, ConnectionCheck.describe(failures.last().error()), retry, retries,
                    waitMillis);
            retried.addAndGet(failures.writes().size());
        }

        @Override
        public RuntimeException gaveUp(TransientFailures failures, int attempts) {
            FailedWrite last = failures.last();
            return new RetriableException(failures.writes().size() + " keys could not be written to " + target
                    + " in " + attempts + " attempts; last error on key " + KeyText.printable(last.write().key())
                    + ": " + ConnectionCheck.describe(last.error())
                    + ". The records stay uncommitted; Connect delivers the batch again.", last.error());
        }
    }
}
