package io.keyferry.source;

import io.keyferry.common.record.KeySelection;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.live.TopicSweep;
import io.keyferry.source.replication.ReplicationCapture;
import io.keyferry.source.topology.SourceLane;
import io.keyferry.source.topology.SourceLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the snapshot and the change stream of every lane behind one poll. Each lane's reads go through one
 * connection, which its server executes in order, and a poll collects every read it sent before it sends the
 * next ones, so records are returned in the order of their reads and a key's records always follow the order
 * of its reads, across the snapshot/live boundary and across a slot's move to another node too. A poll runs
 * each lane's steps in the order {@link SourceLane} sets: the scan batches whose reads the previous poll sent
 * ahead, then the changed keys, then a batch of a resync's topic sweep, then the parts of big keys, and last
 * the reads of the next scan batches are sent.
 *
 * <p>A lane that fails does not hold the others back ({@link LaneFailures}): a scan batch whose read failed is
 * scanned again later (a lane whose slot moved waits a moment first), a changed or swept key goes back to the
 * change queue ({@link ChangeReads}), and the poll's first failure is thrown once its records are returned.
 */
final class SourceCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceCoordinator.class);
    private static final long IDLE_WAIT_MS = 100;
    /** How long a poll waits while every scan waits for a slot's migration. */
    private static final Duration SCANS_WAIT = Duration.ofMillis(100);

    private final SourceLayout layout;
    private final ChangeQueue queue;
    private final Supplier<TopicSweep> sweeps;
    private final SourceMetrics metrics;
    private final int batchSize;
    private final ChangeReads changeReads;
    private final LaneFailures failures;
    private final RecordAcks acks;
    private boolean scanning;
    private TopicSweep sweep;
    /** The {@link RecordAcks#mark()} a wanted sweep waits for, or -1 when no sweep waits to start. */
    private long sweepAfter = -1;
    private RuntimeException deferred;

    /**
     * @param queue the changed keys; null in snapshot mode
     * @param sweeps starts a resync's sweep of the topic; null in snapshot mode
     * @param acks the records returned by this coordinator's polls and acknowledged since
     */
    SourceCoordinator(SourceLayout layout, ChangeQueue queue, Supplier<TopicSweep> sweeps, SourceMetrics metrics,
                      KeySelection selection, int batchSize, RecordAcks acks) {
        this.layout = layout;
        this.queue = queue;
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.changeReads = queue == null ? null : new ChangeReads(layout, queue, selection);
        this.failures = new LaneFailures(layout);
        this.acks = acks;
        this.scanning = anyScanning();
    }

    boolean live() {
        return queue != null;
    }

    /** Rescans every lane and sweeps the topic for keys deleted meanwhile: the answer to missed notifications. */
    void resync(String reason) {
        for (SourceLane lane : layout.lanes()) {
            lane.rescan();
        }
        sweep(reason);
    }

    /**
     * Records were lost on their way to Kafka: a live source resyncs, a snapshot scans again from the start, as
     * the offsets Connect commits may have passed them.
     */
    void recover(String reason) {
        if (live()) {
            resync(reason);
            return;
        }
        log.warn("Scanning {} again from the start: {}", layout.describe(), reason);
        for (SourceLane lane : layout.lanes()) {
            lane.rescan();
        }
        scanning = true;
    }

    /** Sweeps the topic once for keys that are not on the source, without a rescan: for a first start. */
    void sweepTopic() {
        sweepAfter = acks.mark();
    }

    /**
     * Sweeps the topic for keys deleted while changes were missed; the lanes that missed them rescan. The sweep
     * starts once every record returned until now is acknowledged, so that the topic's end it reads to covers them.
     */
    private void sweep(String reason) {
        log.warn("Resyncing {}: {}. Rescanning and sweeping the topic for deleted keys", layout.describe(), reason);
        metrics.resync();
        scanning = true;
        if (sweep != null) {
            sweep.close();
            sweep = null;
        }
        sweepAfter = acks.mark();
    }

    /**
     * @return the next records, or an empty list when nothing happened within a short wait
     * @throws RuntimeException a failure of this poll, or of the previous one if that one had records to return
     */
    List<SourceRecord> poll() throws InterruptedException {
        if (deferred != null) {
            RuntimeException failure = deferred;
            deferred = null;
            throw failure;
        }
        List<SourceRecord> records = new ArrayList<>();
        try {
            read(records);
            failures.throwFirst();
        } catch (RuntimeException e) {
            if (records.isEmpty()) {
                throw e;
            }
            // The records gathered before the failure moved their lanes' positions on: returned now, they are
            // not lost; the failure is thrown by the next poll.
            deferred = e;
        }
        metrics.emitted(records);
        acks.returned(records);
        return records;
    }

    private void read(List<SourceRecord> records) throws InterruptedException {
        boolean newLane = layout.follow();
        scanning |= anyScanning();
        if (live()) {
            checkForGaps(newLane);
        }
        if (scanning) {
            scan(records);
        }
        if (live()) {
            captureStreams(records);
            List<byte[]> keys = queue.takeReady(batchSize);
            if (!keys.isEmpty()) {
                metrics.changesRead(changeReads.changes(keys, records, failures));
            }
        }
        if (sweepAfter >= 0 && acks.allAcknowledged(sweepAfter)) {
            sweepAfter = -1;
            sweep = sweeps.get();
        }
        if (sweep != null) {
            sweepBatch(records);
        }
        copyBigKeys(records);
        if (scanning) {
            readAhead();
        }
        if (records.isEmpty() && (live() && !scanning && sweep == null || scanning && allScansWaiting())) {
            idle();
        }
    }

    /** The replication streams' batches; a database emptied or replaced in a stream resyncs, a full sync sweeps. */
    private void captureStreams(List<SourceRecord> records) throws InterruptedException {
        for (SourceLane lane : layout.lanes()) {
            ReplicationCapture.Notice notice;
            try {
                notice = lane.capture(records, queue.size() > 0 || scanning || sweep != null || sweepAfter >= 0,
                        route(lane));
            } catch (RuntimeException e) {
                failures.note(e);
                continue;
            }
            if (notice != null && notice.rescan()) {
                resync(notice.reason());
            } else if (notice != null) {
                sweep(notice.reason());
            }
        }
    }

    /** A stream's keys are read at its lane while the lane's node holds them, else where they are now. */
    private ReplicationCapture.KeyRoute route(SourceLane lane) {
        return new ReplicationCapture.KeyRoute() {
            @Override
            public boolean readsHere(byte[] key) {
                return layout.laneOf(key) == lane;
            }

            @Override
            public void elsewhere(byte[] key) {
                queue.offer(key);
                layout.redirected();
            }
        };
    }

    private void checkForGaps(boolean newLane) {
        String reset = null;
        for (SourceLane lane : layout.lanes()) {
            List<String> ran;
            try {
                ran = lane.watchChanges();
            } catch (RuntimeException e) {
                failures.note(e); // what the lane's watches saw before the failure waits for the next poll
                continue;
            }
            if (!ran.isEmpty() && reset == null) {
                reset = lane.name() + " " + String.join(" and ", ran) + ", which replaces keys without notifications";
            }
        }
        List<SourceLane> gaps = layout.lanes().stream().filter(SourceLane::takeGap).toList();
        if (queue.takeOverflow()) {
            resync("the change queue overflowed, notifications were dropped");
        } else if (reset != null) {
            resync(reset);
        } else if (!gaps.isEmpty()) {
            gaps.forEach(SourceLane::rescan);
            sweep("the notification subscription to " + gaps.get(0).name()
                    + " was lost and renewed, changes in between were missed");
        } else if (newLane) {
            sweep("a primary not followed until now holds slots of this task (a failover or resharding); "
                    + "its changes until now were missed");
        }
    }

    /** Whether nothing is left to produce: a snapshot-mode source whose scan and copies of big keys are complete. */
    boolean finished() {
        return !live() && !scanning && layout.lanes().stream().noneMatch(SourceLane::copying);
    }

    private boolean anyScanning() {
        return layout.lanes().stream().anyMatch(SourceLane::scanning);
    }

    private boolean allScansWaiting() {
        return layout.lanes().stream().allMatch(SourceLane::waiting);
    }

    private void idle() throws InterruptedException {
        if (live()) {
            queue.awaitReady(IDLE_WAIT_MS);
        } else {
            // A backoff while every scan waits for a slot's migration, not a synchronisation.
            Thread.sleep(SCANS_WAIT.toMillis());
        }
    }

    private void scan(List<SourceRecord> records) throws InterruptedException {
        long keys = 0;
        for (SourceLane lane : layout.lanes()) {
            try {
                keys += lane.scan(records);
            } catch (RuntimeException e) {
                failures.note(e);
            }
        }
        metrics.scanned(keys);
        if (!anyScanning()) {
            scanning = false;
            log.info("Scan of {} complete: {} keys read by this task so far", layout.describe(),
                    layout.lanes().stream().mapToLong(SourceLane::keysScanned).sum());
        }
    }

    /** The next parts of every lane's big keys; in live modes, the changes held back by them are let through. */
    private void copyBigKeys(List<SourceRecord> records) throws InterruptedException {
        long now = System.currentTimeMillis();
        for (SourceLane lane : layout.lanes()) {
            try {
                lane.copyBigKeys(records, live() ? queue::offer : null, now);
            } catch (RuntimeException e) {
                failures.note(e);
            }
        }
    }

    private void readAhead() throws InterruptedException {
        for (SourceLane lane : layout.lanes()) {
            try {
                lane.readAhead();
            } catch (RuntimeException e) {
                failures.note(e);
            }
        }
    }

    private void sweepBatch(List<SourceRecord> records) throws InterruptedException {
        metrics.swept(changeReads.sweep(sweep.nextKeys(), records, failures));
        if (sweep.done()) {
            sweep.close();
            sweep = null;
            log.info("Sweep of the topic for {} complete", layout.describe());
        }
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.close();
        }
        layout.close();
    }
}
