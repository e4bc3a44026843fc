package io.keyferry.source.topology;

import io.keyferry.common.record.SlotSet;
import io.keyferry.source.bigkey.BigKeyCopies;
import io.keyferry.source.live.ChangeFeed;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One server's share of a source's work: its scan, its key reads, its change notifications, and the source
 * partition the offsets of its records belong to. A standalone server is one lane; a cluster source has one
 * per primary holding slots of the task, and then each offset also names the slots the primary held when the
 * record was read, so that a restart resumes the scan only where nothing moved.
 */
public final class SourceLane implements AutoCloseable {
    private final String name;
    private final SourcePartition partition;
    private final Map<String, ?> partitionMap;
    private final SnapshotReader snapshot;
    private final KeyStateReader reader;
    private final ChangeFeed feed;
    private final BigKeyCopies copies;
    private final AutoCloseable connections;
    private SlotSet held;
    private long scanWaitsUntil = System.nanoTime();

    /**
     * @param held the slots of the task the node holds; null for a standalone server
     * @param feed null when the source does not follow changes
     * @param connections what to close with the lane
     */
    SourceLane(String name, SourcePartition partition, SlotSet held, SnapshotReader snapshot, KeyStateReader reader,
               BigKeyCopies copies, ChangeFeed feed, AutoCloseable connections) {
        this.name = name;
        this.partition = partition;
        this.partitionMap = partition.toMap();
        this.held = held;
        this.snapshot = snapshot;
        this.reader = reader;
        this.feed = feed;
        this.copies = copies;
        this.connections = connections;
    }

    /** The server, for logs: host, port and database, never credentials. */
    public String name() {
        return name;
    }

    /** The source partition of the lane's records, as Connect stores it. */
    public Map<String, ?> partition() {
        return partitionMap;
    }

    /** The offset a record read at this scan position carries. */
    public Map<String, Object> offset(SnapshotOffset position) {
        return new SourceOffset(position, held).toMap();
    }

    public SnapshotReader snapshot() {
        return snapshot;
    }

    public KeyStateReader reader() {
        return reader;
    }

    /** The copies in parts of this server's keys too big for one record. */
    public BigKeyCopies copies() {
        return copies;
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

    /** Holds the scan back for a while: its last read was refused because a slot is moving. */
    public void waitBeforeScanning(Duration backoff) {
        scanWaitsUntil = System.nanoTime() + backoff.toNanos();
    }

    public boolean scanWaiting() {
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
        } catch (Exception e) {
            throw new IllegalStateException("Closing the connections to " + name + " failed", e);
        }
    }
}
