package io.keyferry.source;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.source.live.ChangeStream;
import io.keyferry.source.live.TopicSweep;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the snapshot and the change stream behind one poll. All reads go through one connection, which the
 * server executes in order, and records are returned in the order the reads were sent, so a key's records
 * always follow the order of its reads, across the snapshot/live boundary too. A poll returns the scan
 * batch whose reads the previous poll sent ahead, then the changed keys, then a batch of a resync's topic
 * sweep, and last sends the reads of the next scan batch.
 */
final class SourceCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceCoordinator.class);
    private static final long IDLE_WAIT_MS = 100;

    private final SnapshotReader snapshot;
    private final KeyStateReader reader;
    private final ChangeStream changes;
    private final KeyRecordMapper mapper;
    private final Map<String, ?> sourcePartition;
    private final SourceMetrics metrics;
    private final String scanType;
    private final int batchSize;
    private final String source;
    private boolean scanning;
    private TopicSweep sweep;

    /** @param changes null in snapshot mode */
    SourceCoordinator(SnapshotReader snapshot, KeyStateReader reader, ChangeStream changes, KeyRecordMapper mapper,
                      Map<String, ?> sourcePartition, SourceMetrics metrics, String scanType, int batchSize,
                      String source) {
        this.snapshot = snapshot;
        this.reader = reader;
        this.changes = changes;
        this.mapper = mapper;
        this.sourcePartition = sourcePartition;
        this.metrics = metrics;
        this.scanType = scanType;
        this.batchSize = batchSize;
        this.source = source;
        this.scanning = !snapshot.done();
    }

    boolean live() {
        return changes != null;
    }

    /** Rescans every key and sweeps the topic for keys deleted meanwhile: the answer to missed notifications. */
    void resync(String reason) {
        log.warn("Resyncing {}: {}. Rescanning every key and sweeping the topic for deleted keys", source, reason);
        metrics.resync();
        snapshot.restart();
        scanning = true;
        if (sweep != null) {
            sweep.close();
        }
        sweep = changes.sweeps().get();
    }

    /** @return the next records, or an empty list when nothing happened within a short wait */
    List<SourceRecord> poll() throws InterruptedException {
        if (live()) {
            if (changes.listener().takeGap()) {
                resync("the notification subscription was lost and renewed, changes in between were missed");
            } else if (changes.queue().takeOverflow()) {
                resync("the change queue overflowed, notifications were dropped");
            }
        }
        List<SourceRecord> records = new ArrayList<>();
        if (scanning) {
            scan(records);
        }
        if (live()) {
            readChanges(records);
        }
        if (sweep != null) {
            sweepBatch(records);
        }
        if (scanning) {
            snapshot.readAhead();
        }
        if (records.isEmpty() && live() && !scanning && sweep == null) {
            changes.queue().awaitReady(IDLE_WAIT_MS);
        }
        metrics.emitted(records);
        return records;
    }

    /** Whether nothing is left to produce: a snapshot-mode source whose scan is complete. */
    boolean finished() {
        return !live() && !scanning;
    }

    private void readChanges(List<SourceRecord> records) throws InterruptedException {
        List<byte[]> keys = changes.queue().takeReady(batchSize);
        if (keys.isEmpty()) {
            return;
        }
        List<KeyState> states = reader.read(keys);
        Map<String, Object> offset = snapshot.position().toMap();
        for (KeyState state : states) {
            if (!state.exists() || scanType.isEmpty() || scanType.equals(state.type())) {
                records.add(mapper.toRecord(state, Operation.CHANGE, sourcePartition, offset));
            }
        }
        metrics.changesRead(states.size());
    }

    private void scan(List<SourceRecord> records) throws InterruptedException {
        List<SnapshotReader.Read> reads = snapshot.next();
        // A batch has two offsets (its start, and after its last key): one map each, not one per record.
        SnapshotOffset offset = null;
        Map<String, Object> offsetMap = null;
        for (SnapshotReader.Read read : reads) {
            if (read.offset() != offset) {
                offset = read.offset();
                offsetMap = offset.toMap();
            }
            records.add(mapper.toRecord(read.state(), Operation.SNAPSHOT, sourcePartition, offsetMap));
        }
        metrics.scanned(reads.size());
        if (snapshot.done()) {
            scanning = false;
            log.info("Scan of {} complete: {} keys read by this task so far", source, snapshot.keysRead());
        }
    }

    private void sweepBatch(List<SourceRecord> records) throws InterruptedException {
        List<KeyState> gone = reader.absent(sweep.nextKeys());
        Map<String, Object> offset = snapshot.position().toMap();
        for (KeyState state : gone) {
            records.add(mapper.toRecord(state, Operation.DELETE, sourcePartition, offset));
        }
        metrics.swept(gone.size());
        if (sweep.done()) {
            sweep.close();
            sweep = null;
            log.info("Resync sweep of {} complete", source);
        }
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.close();
        }
        if (changes != null) {
            changes.close();
        }
    }
}
