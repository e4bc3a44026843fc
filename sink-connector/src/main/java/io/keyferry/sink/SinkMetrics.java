package io.keyferry.sink;

import io.keyferry.common.metrics.PluginGauges;
import io.keyferry.sink.write.DryRun;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The sink task's counters, published through Connect's plugin metrics (JMX group
 * {@code kafka.connect:type=plugins,connector=…,task=…}). They read the counters of the stages that own them.
 */
final class SinkMetrics implements AutoCloseable {
    private final PluginGauges gauges;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong throttledMillis = new AtomicLong();

    SinkMetrics(PluginMetrics metrics, Supplier<Long> fallbacks, Supplier<Long> writeRetries, Supplier<Long> rejected,
                Supplier<Long> incompleteCopies, Supplier<Long> waiting, Supplier<Long> connectFailures) {
        gauges = new PluginGauges(metrics);
        gauges.add("fallbacks", "Records written type by type because the target rejected their RESTORE "
                + "(redis.write.mode=auto)", fallbacks);
        gauges.add("write-retries", "Writes retried after a transient error", writeRetries);
        gauges.add("records-rejected", "Records that could not be written (sent to the errant record reporter, "
                + "or that failed the task)", rejected);
        gauges.add("big-keys-incomplete", "Copies of big keys not put in place because the topic held only part "
                + "of them (the key keeps its state until a complete copy follows)", incompleteCopies);
        gauges.add("target-waiting", "1 while the task has not reached the target since it started (it keeps "
                + "trying with redis.retry.backoff.ms), else 0", waiting);
        gauges.add("connect-failures", "Failed attempts to reach the target when the task started", connectFailures);
        gauges.add("keys-written", "Writes the target acknowledged: the last record of each key in a batch, and each "
                + "part of a big key", written::get);
        gauges.add("throttled-ms", "Time batches were held back to stay under redis.throttle.writes.per.second",
                throttledMillis::get);
        gauges.add("lag-ms", "Replication lag of the last batch: from the source's read of its newest record to "
                + "the target's acknowledgement", lagMillis::get);
    }

    /** The counters of a dry run, published beside these. */
    DryRun dryRun() {
        return new DryRun(gauges);
    }

    long written() {
        return written.get();
    }

    void throttled(long millis) {
        throttledMillis.addAndGet(millis);
    }

    void written(long writes) {
        written.addAndGet(writes);
    }

    /** A batch was acknowledged; {@code newestRead} is the newest record timestamp in it (the source's read time). */
    void batchWritten(long newestRead) {
        if (newestRead > 0) {
            lagMillis.set(Math.max(0, System.currentTimeMillis() - newestRead));
        }
    }

    @Override
    public void close() {
        gauges.close();
    }
}
