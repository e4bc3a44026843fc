package io.keyferry.source;

import io.keyferry.common.config.OpenAttempts;
import io.keyferry.common.metrics.PluginGauges;
import io.keyferry.source.bigkey.BigKeys;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.replication.ReplicationCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The source task's counters, published through Connect's plugin metrics (JMX group
 * {@code kafka.connect:type=plugins,connector=…,task=…}).
 */
public final class SourceMetrics implements AutoCloseable, BigKeys.Counters, ReplicationCapture.Counters {
    private final AtomicLong keysScanned = new AtomicLong();
    private final AtomicLong changesRead = new AtomicLong();
    private final AtomicLong recordsEmitted = new AtomicLong();
    private final AtomicLong bytesEmitted = new AtomicLong();
    private final AtomicLong throttledMillis = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong sweptTombstones = new AtomicLong();
    private final AtomicLong bigKeysCopied = new AtomicLong();
    private final AtomicLong bigKeyParts = new AtomicLong();
    private final AtomicLong bigKeysSkipped = new AtomicLong();
    private final AtomicLong recordsUnsent = new AtomicLong();
    private final AtomicLong readRetries = new AtomicLong();
    private final AtomicLong notificationsMissing = new AtomicLong();
    private final AtomicLong fullSyncs = new AtomicLong();
    private final AtomicLong streamCommands = new AtomicLong();
    private final AtomicLong partialResyncs = new AtomicLong();
    private final PluginGauges gauges;

    public SourceMetrics(PluginMetrics metrics) {
        this.gauges = new PluginGauges(metrics);
        gauges.add("keys-scanned", "Keys read by snapshot and resync scans", keysScanned::get);
        gauges.add("changes-read", "Keys read after a change notification", changesRead::get);
        gauges.add("records-emitted", "Records handed to Connect", recordsEmitted::get);
        gauges.add("bytes-emitted", "Bytes of keys and payloads handed to Connect", bytesEmitted::get);
        gauges.add("throttled-ms", "Time the task held back reading to stay under redis.throttle.keys.per.second "
                + "and redis.throttle.bytes.per.second", throttledMillis::get);
        gauges.add("resyncs", "Resyncs started because change notifications were missed", resyncs::get);
        gauges.add("swept-tombstones", "Tombstones for keys found deleted by a resync's topic sweep",
                sweptTombstones::get);
        gauges.add("big-keys-copied", "Copies in parts of keys too big for one record, started", bigKeysCopied::get);
        gauges.add("big-key-parts", "Records of parts of big keys", bigKeyParts::get);
        gauges.add("big-keys-skipped", "Keys left out because they are too big for one record (redis.big.keys=skip)",
                bigKeysSkipped::get);
        gauges.add("records-unsent", "Records Connect acknowledged without sending them (errors.tolerance=all); "
                + "each makes the source scan again", recordsUnsent::get);
        gauges.add("read-retries", "Polls that failed for a transient reason (the source down, LOADING, failing "
                + "over) and were tried again after a backoff", readRetries::get);
        gauges.add("notifications-missing", "Intervals of redis.live.notifications.watch.ms in which a server took "
                + "writes but sent no key-event notification (its notify-keyspace-events lacks E or A)",
                notificationsMissing::get);
        gauges.add("full-syncs", "Full copies (RDB) a server sent the capture through the replication protocol "
                + "(redis.capture=replication): the first, and one for each restart its backlog could not bridge",
                fullSyncs::get);
        gauges.add("stream-commands", "Commands read from the replication stream", streamCommands::get);
        gauges.add("partial-resyncs", "Times the capture through the replication protocol attached again and "
                + "continued the stream where it stood (PSYNC): after a restart, or after the server dropped the link "
                + "(its output buffer limit for replicas, a network fault)", partialResyncs::get);
    }

    @Override
    public void fullSync() {
        fullSyncs.incrementAndGet();
    }

    @Override
    public void partialResync() {
        partialResyncs.incrementAndGet();
    }

    @Override
    public void commands(long count) {
        streamCommands.addAndGet(count);
    }

    /** Publishes whether the task still waits for the source to answer since it started. */
    public void watch(OpenAttempts<?> opening) {
        gauges.add("source-waiting", "1 while the task has not reached the source since it started (it keeps trying "
                + "with redis.retry.backoff.ms), else 0", opening::waiting);
        gauges.add("connect-failures", "Failed attempts to reach the source when the task started", opening::failures);
    }

    /** Publishes the change queue's own counters. */
    public void watch(ChangeQueue queue) {
        gauges.add("notifications-received", "Key-event notifications received", queue::received);
        gauges.add("notifications-merged", "Notifications for a key already waiting to be read", queue::merged);
        gauges.add("notifications-dropped", "Notifications lost because the change queue was full", queue::dropped);
        gauges.add("change-queue-size", "Keys waiting to be read", () -> (long) queue.size());
    }

    /** Keys read from the source so far: scanned, and read after a change. */
    long keysRead() {
        return keysScanned.get() + changesRead.get();
    }

    long bytesEmitted() {
        return bytesEmitted.get();
    }

    void throttled(long millis) {
        throttledMillis.addAndGet(millis);
    }

    void scanned(long keys) {
        keysScanned.addAndGet(keys);
    }

    void changesRead(long keys) {
        changesRead.addAndGet(keys);
    }

    void emitted(List<SourceRecord> records) {
        recordsEmitted.addAndGet(records.size());
        long bytes = 0;
        for (SourceRecord record : records) {
            bytes += ((byte[]) record.key()).length + (record.value() instanceof byte[] value ? value.length : 0);
        }
        bytesEmitted.addAndGet(bytes);
    }

    void resync() {
        resyncs.incrementAndGet();
    }

    void swept(long tombstones) {
        sweptTombstones.addAndGet(tombstones);
    }

    @Override
    public void bigKeyCopied() {
        bigKeysCopied.incrementAndGet();
    }

    @Override
    public void bigKeyPart() {
        bigKeyParts.incrementAndGet();
    }

    @Override
    public void bigKeySkipped() {
        bigKeysSkipped.incrementAndGet();
    }

    public void notificationsMissing() {
        notificationsMissing.incrementAndGet();
    }

    void readRetried() {
        readRetries.incrementAndGet();
    }

    void unsent() {
        recordsUnsent.incrementAndGet();
    }

    public long resyncs() {
        return resyncs.get();
    }

    @Override
    public void close() {
        gauges.close();
    }
}
