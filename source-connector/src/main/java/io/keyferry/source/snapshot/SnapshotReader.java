package io.keyferry.source.snapshot;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.read.KeyReads;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot stage: SCAN from the resumed cursor, read each key's state, and say for each state the
 * offset at which a restart must resume for nothing to be lost. Connect commits a partition's offsets in
 * record order, so every state of a batch but the last carries the batch's starting cursor (a restart
 * rescans the batch: some keys twice, none lost) and the last carries the cursor after it, or "done".
 * {@link #readAhead()} sends the next batch's reads early, so they run while Connect sends this one; the
 * caller must emit that batch before any read it sends later, to keep records in the order of reads
 * ({@link io.keyferry.source.topology.SourceLane#reads()} refuses to serve until it has).
 */
public final class SnapshotReader {
    /** A key's state with the offset to commit once it is delivered. */
    public record Read(KeyState state, SnapshotOffset offset) {
    }

    private static final Logger log = LoggerFactory.getLogger(SnapshotReader.class);

    private final String source;
    private final ScanSteps scanner;
    private final KeyReads reader;
    private final int batchSize;
    private SnapshotOffset position;
    private Batch ahead;
    private long keysRead;
    private long keysReadThisScan;

    /** Keys scanned from {@code from} to {@code after}, with their reads sent. */
    private record Batch(SnapshotOffset from, SnapshotOffset after, KeyReads.Pending reads) {
    }

    /** @param source the server read, for the log: a URI without credentials */
    public SnapshotReader(String source, ScanSteps scanner, KeyReads reader, SnapshotOffset start, int batchSize) {
        this.source = source;
        this.scanner = scanner;
        this.reader = reader;
        this.position = start;
        this.batchSize = batchSize;
    }

    public boolean done() {
        return position.done();
    }

    /** Where the scan stands: the offset a record emitted now may carry. */
    public SnapshotOffset position() {
        return position;
    }

    /** Scans the whole database again from the first key (a resync). */
    public void restart() {
        position = SnapshotOffset.START;
        ahead = null;
        keysReadThisScan = 0;
    }

    /** Scans again from the first key, keeping only keys of these slots. */
    public void restart(SlotSet slots) {
        scanner.restrictTo(slots);
        restart();
    }

    /** Goes on scanning, keeping only keys of these slots (fewer than before): a batch read ahead is read again. */
    public void restrictTo(SlotSet slots) {
        scanner.restrictTo(slots);
        ahead = null;
    }

    public long keysRead() {
        return keysRead;
    }

    /** Scans on until about one batch of keys is read or the scan ends; empty once done. */
    public List<Read> next() throws InterruptedException {
        if (position.done()) {
            return List.of();
        }
        Batch batch = ahead != null && ahead.from().equals(position) ? ahead : scan(position);
        ahead = null;
        List<KeyState> states = batch.reads().collect();
        if (states.isEmpty() && batch.after().done() && keysReadThisScan > 0) {
            // The scan ended on steps without keys. Only a record can carry the "done" offset, so one key is
            // read again (a full, current state: harmless) for it to ride on; without it the snapshot would
            // never be recorded as complete. A scan that found no key at all would not find one now either:
            // it records nothing rather than scan everything again.
            states = reader.read(anyKey());
        }
        List<Read> reads = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            reads.add(new Read(states.get(i), i == states.size() - 1 ? batch.after() : position));
        }
        // Advanced only once the whole batch is read: a failed read leaves the position where it was.
        position = batch.after();
        keysRead += reads.size();
        keysReadThisScan += reads.size();
        return reads;
    }

    /** Whether a batch's reads were sent ahead and wait for {@link #next()} to collect them. */
    public boolean readAheadWaiting() {
        return ahead != null;
    }

    /** Scans the next batch and sends its reads now; {@link #next()} collects them. */
    public void readAhead() throws InterruptedException {
        if (!position.done() && ahead == null) {
            ahead = scan(position);
        }
    }

    /** The first key a scan from the start finds (within the filters), or none in an empty keyspace. */
    private List<byte[]> anyKey() throws InterruptedException {
        String cursor = SnapshotOffset.START.cursor();
        while (true) {
            ScanSteps.Step step = scanner.scan(cursor);
            if (!step.keys().isEmpty()) {
                return List.of(step.keys().get(0));
            }
            if (step.lastStep()) {
                return List.of();
            }
            cursor = step.nextCursor();
        }
    }

    private Batch scan(SnapshotOffset from) throws InterruptedException {
        List<byte[]> keys = new ArrayList<>();
        SnapshotOffset next = from;
        while (!next.done() && keys.size() < batchSize) {
            ScanSteps.Step step = scanner.scan(next.cursor());
            if (!next.validOn(step.server())) {
                // The keys found are real keys, and are read; the cursor means nothing on this process.
                log.warn("{} is another server process than the one that issued the SCAN cursor {} (run id {}, "
                        + "now {}): it restarted or failed over, and hashes keys in another order, so the snapshot "
                        + "scans again from the first key; keys already sent are sent again", source, next.cursor(),
                        next.server(), step.server());
                keysReadThisScan = 0;
                step = scanner.scan(SnapshotOffset.START.cursor());
            }
            keys.addAll(step.keys());
            next = step.lastStep() ? SnapshotOffset.COMPLETE : SnapshotOffset.at(step.nextCursor(), step.server());
        }
        return new Batch(from, next, reader.submit(keys));
    }
}
