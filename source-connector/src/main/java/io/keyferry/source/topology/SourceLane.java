package io.keyferry.source.topology;

import io.keyferry.common.config.ErrorReply;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.bigkey.BigKeyCopies;
import io.keyferry.source.live.ChangeFeed;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.read.KeyReads;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.replication.ReplicationCapture;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One server's share of a source's work: its scan, its key reads, its change notifications, and the source
 * partition the offsets of its records belong to. A standalone server is one lane; a cluster source has one
 * per primary holding slots of the task, and then each offset also names the slots the primary held when the
 * record was read, so that a restart resumes the scan only where nothing moved.
 *
 * <p>The lane runs its own steps of a poll, in this order: {@link #scan} emits the batch read ahead, then
 * {@link #emit}/{@link #emitDeletion} emit keys read through {@link #reads()} (changes, a sweep's keys), then
 * {@link #copyBigKeys} and last {@link #readAhead}. All reads go through one connection, which the server
 * executes in order: emitted in that order, a key's records follow the order of its reads. {@link #reads()}
 * refuses to serve while a batch read ahead waits to be emitted.
 */
public final class SourceLane implements AutoCloseable {
    /** How long a lane whose scan read was redirected waits: a slot's migration takes a while. */
    private static final Duration REDIRECT_BACKOFF = Duration.ofMillis(100);

    private final String name;
    /** The lane's source partition, as Connect stores it (built once: every record carries it). */
    private final Map<String, ?> partitionMap;
    private final SnapshotReader snapshot;
    private final KeyReads reader;
    private final ChangeFeed feed;
    private final BigKeyCopies copies;
    private final KeyRecordMapper mapper;
    private final AutoCloseable connections;
    private final ReplicationCapture capture;
    private SlotSet held;
    private long scanWaitsUntil = System.nanoTime();
    private ReplicationPosition stream;
    private boolean streamLoading;

    /**
     * @param held the slots of the task the node holds; null for a standalone server
     * @param feed the notifications followed; null when the source does not follow changes or captures them
     *             through the replication protocol
     * @param capture the replication stream followed; null unless the source captures changes that way
     * @param connections what to close with the lane
     */
    public SourceLane(String name, SourcePartition partition, SlotSet held, SnapshotReader snapshot, KeyReads reader,
               BigKeyCopies copies, KeyRecordMapper mapper, ChangeFeed feed, ReplicationCapture capture,
               AutoCloseable connections) {
        this.name = name;
        this.partitionMap = partition.toMap();
        this.held = held;
        this.snapshot = snapshot;
        this.reader = reader;
        this.feed = feed;
        this.copies = copies;
        this.mapper = mapper;
        this.capture = capture;
        this.connections = connections;
        this.stream = capture == null ? null : capture.position();
    }

    /** The server, for logs: host, port and database, never credentials. */
    public String name() {
        return name;
    }

    /** The offset a record read at this scan position carries. */
    private Map<String, Object> offset(SnapshotOffset position) {
        // While an RDB arrives, a restart must sync in full again: the offset says the snapshot has not begun.
        return new SourceOffset(streamLoading ? SnapshotOffset.START : position, held, stream).toMap();
    }

    /** The place in the replication stream the records emitted next carry; {@code loading} while an RDB arrives. */
    public void stream(ReplicationPosition at, boolean loading) {
        stream = at;
        streamLoading = loading;
    }

    /**
     * The step of a poll that follows the replication stream, after {@link #scan}; nothing without a capture.
     *
     * @param catchingUp whether the coordinator has work the stream's place must wait for: keys in the change
     *                   queue, a rescan or a sweep
     * @return what the stream asks of the coordinator, or null
     */
    public ReplicationCapture.Notice capture(List<SourceRecord> records, boolean catchingUp,
                                             ReplicationCapture.KeyRoute route) throws InterruptedException {
        return capture == null ? null : capture.step(this, records, catchingUp, route);
    }

    /** Where this lane's capture stands in its server's stream; null without a capture or before its first sync. */
    public ReplicationPosition streamPosition() {
        return capture == null ? null : capture.position();
    }

    /** Whether the lane's snapshot is not complete yet. */
    public boolean scanning() {
        return !snapshot.done();
    }

    public long keysScanned() {
        return snapshot.keysRead();
    }

    /** Whether the lane has copies of big keys under way or waiting. */
    public boolean copying() {
        return copies.busy();
    }

    /** Whether the lane has nothing to do before its wait is over: its scan is done or held back, no copy runs. */
    public boolean waiting() {
        return (snapshot.done() || scanWaiting()) && !copies.busy();
    }

    /**
     * The first step of a poll: the next scan batch (the one read ahead, if any) as records. Every record carries
     * the batch's starting offset but the last, which carries the offset after the batch. A big key's copy takes
     * several polls and the scan waits for it, so when the batch has big keys, the last part of the last copy
     * carries the offset after the batch instead: a restart never passes a big key whose copy was not complete.
     *
     * @return the keys read; 0 while the scan waits (a slot moving, a big key's copy)
     * @throws RuntimeException when the read failed; the batch is scanned and read again later
     */
    public int scan(List<SourceRecord> records) throws InterruptedException {
        if (scanWaiting() || copies.scanWaits()) {
            return 0;
        }
        Map<String, Object> from = offset(snapshot.position());
        List<SnapshotReader.Read> reads;
        try {
            reads = snapshot.next();
        } catch (RuntimeException e) {
            if (ErrorReply.isRedirect(e)) {
                scanWaitsUntil = System.nanoTime() + REDIRECT_BACKOFF.toNanos();
            }
            throw e;
        }
        Map<String, Object> after = offset(snapshot.position());
        List<KeyRecordMapper.Mapped> batch = new ArrayList<>(reads.size());
        int lastCopy = -1;
        for (SnapshotReader.Read read : reads) {
            KeyRecordMapper.Mapped mapped = mapper.map(read.state());
            if (mapped instanceof KeyRecordMapper.InParts inParts) {
                if (!copies.admits(inParts)) {
                    continue;
                }
                lastCopy = batch.size();
            }
            batch.add(mapped);
        }
        for (int i = 0; i < batch.size(); i++) {
            boolean carriesAfter = lastCopy < 0 ? i == batch.size() - 1 : i == lastCopy;
            Map<String, Object> offset = carriesAfter ? after : from;
            if (batch.get(i) instanceof KeyRecordMapper.InParts inParts) {
                copies.add(inParts, Operation.SNAPSHOT, from, offset);
            } else {
                KeyRecordMapper.Whole whole = (KeyRecordMapper.Whole) batch.get(i);
                copies.supersede(whole.state().key());
                records.add(mapper.toRecord(whole, Operation.SNAPSHOT, partitionMap, offset));
                copies.emittedWhole(whole.state(), records, offset);
            }
        }
        return reads.size();
    }

    /**
     * Reads of keys outside the scan, once the batch read ahead is emitted.
     *
     * @throws IllegalStateException when a batch read ahead still waits: records would leave the order of reads
     */
    public KeyReads reads() {
        if (snapshot.readAheadWaiting()) {
            throw new IllegalStateException("A read of " + name + " was asked for before the scan batch read ahead "
                    + "was emitted: its records would come after newer ones");
        }
        return reader;
    }

    /**
     * Whether a change of this key waits for the copy of its big key; it is read again after, by {@link #copyBigKeys}.
     */
    public boolean holdsBack(byte[] key, long now) {
        return copies.holdsBack(key, now);
    }

    /** Whether changes of keys wait for their copies, not yet handed over to be read again. */
    public boolean holdsChanges() {
        return copies.holdsChanges();
    }

    /** A key read through {@link #reads()} as records, carrying the scan's current offset; a big key is copied. */
    public void emit(KeyState state, Operation readBy, List<SourceRecord> records) {
        Map<String, Object> offset = offset(snapshot.position());
        KeyRecordMapper.Mapped mapped = mapper.map(state);
        if (mapped instanceof KeyRecordMapper.Whole whole) {
            records.add(mapper.toRecord(whole, readBy, partitionMap, offset));
            copies.emittedWhole(state, records, offset);
        } else if (copies.admits((KeyRecordMapper.InParts) mapped)) {
            copies.add((KeyRecordMapper.InParts) mapped, readBy, offset, offset);
        }
    }

    /** The tombstone of a key a sweep found gone, carrying the scan's current offset. */
    public void emitDeletion(KeyState gone, List<SourceRecord> records) {
        Map<String, Object> offset = offset(snapshot.position());
        records.add(mapper.toRecord(gone, Operation.DELETE, partitionMap, offset));
        copies.emittedWhole(gone, records, offset);
    }

    /**
     * The next parts of the lane's big keys.
     *
     * @param reread in live modes, takes the changed keys held back by a copy once they may be read; else null
     */
    public void copyBigKeys(List<SourceRecord> records, Consumer<byte[]> reread, long now) throws InterruptedException {
        try {
            copies.copy(records);
        } finally {
            if (reread != null) {
                copies.release(reread, now);
            }
        }
    }

    /** The last step of a poll: sends the reads of the next scan batch, unless the scan waits or a copy runs. */
    public void readAhead() throws InterruptedException {
        if (!scanWaiting() && !copies.busy()) {
            snapshot.readAhead();
        }
    }

    /** Scans again from the first key: the copies waiting are dropped, as the scan reads their keys anew. */
    public void rescan() {
        copies.clear();
        snapshot.restart();
    }

    /** @return whether this lane's notification subscription was lost and renewed since the last call */
    public boolean takeGap() {
        return feed != null && feed.takeGap();
    }

    /**
     * Runs this server's watches that are due: a warning when keys change but no notification arrives.
     *
     * @return the commands that emptied or swapped a database, which no notification reports
     */
    public List<String> watchChanges() {
        return feed == null ? List.of() : feed.watch();
    }

    private boolean scanWaiting() {
        return System.nanoTime() - scanWaitsUntil < 0;
    }

    /**
     * The node now holds other slots of the task. A node that gained slots scans again from the start, as
     * keys that moved to it may lie where its scan had passed; one that only lost slots goes on, skipping them.
     */
    void reassign(SlotSet now) {
        SlotSet before = held;
        held = now;
        if (now.intersect(before).equals(now)) {
            snapshot.restrictTo(now);
        } else {
            copies.clear();
            snapshot.restart(now);
        }
    }

    @Override
    public void close() {
        try (AutoCloseable closing = connections) {
            if (feed != null) {
                feed.close();
            }
            if (capture != null) {
                capture.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Closing the connections to " + name + " failed", e);
        }
    }
}
