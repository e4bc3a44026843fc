package io.keyferry.source;

import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.read.KeyReads;
import io.keyferry.source.topology.SourceLane;
import io.keyferry.source.topology.SourceLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads keys at the lanes that hold them now: the changed keys, and the keys a resync's sweep found in the
 * topic. A key whose read fails, for whatever reason, goes back to the change queue and is read again later,
 * never dropped; its lane's failure is noted in {@link LaneFailures} and the other lanes go on.
 */
final class ChangeReads {
    private final SourceLayout layout;
    private final ChangeQueue queue;
    private final KeySelection selection;

    ChangeReads(SourceLayout layout, ChangeQueue queue, KeySelection selection) {
        this.layout = layout;
        this.queue = queue;
        this.selection = selection;
    }

    /**
     * Reads the full state of changed keys; a key of another type than redis.scan.type asks for is read as
     * deleted, so that a key whose type changed out of the selection leaves no stale copy.
     */
    int changes(List<byte[]> keys, List<SourceRecord> records, LaneFailures failures) throws InterruptedException {
        Map<SourceLane, KeyReads.Pending> reads = new LinkedHashMap<>();
        for (Map.Entry<SourceLane, List<byte[]>> group : byLane(keys).entrySet()) {
            try {
                reads.put(group.getKey(), group.getKey().reads().submit(group.getValue()));
            } catch (RuntimeException e) {
                requeue(group.getValue(), e, failures);
            }
        }
        int read = 0;
        for (Map.Entry<SourceLane, KeyReads.Pending> pending : reads.entrySet()) {
            SourceLane lane = pending.getKey();
            List<KeyState> states;
            try {
                states = pending.getValue().collect();
            } catch (RuntimeException e) {
                requeue(pending.getValue().keys(), e, failures);
                continue;
            }
            for (KeyState current : states) {
                // A key whose type left the selection is no longer the source's to copy: its copy is deleted.
                lane.emit(selected(current) ? current
                        : KeyState.gone(current.key(), current.database(), current.readTime()),
                        Operation.CHANGE, records);
            }
            read += states.size();
        }
        return read;
    }

    private boolean selected(KeyState state) {
        return !state.exists() || selection.acceptsType(state.type());
    }

    /** Tombstones for the keys of a sweep that do not exist now, or are of a type outside the selection now. */
    int sweep(List<byte[]> keys, List<SourceRecord> records, LaneFailures failures) throws InterruptedException {
        int swept = 0;
        for (Map.Entry<SourceLane, List<byte[]>> group : byLane(keys).entrySet()) {
            SourceLane lane = group.getKey();
            List<KeyState> gone;
            try {
                gone = lane.reads().absent(group.getValue(), selection.type());
            } catch (RuntimeException e) {
                // Read later as changes instead (their state, or a tombstone): the sweep has moved past them.
                requeue(group.getValue(), e, failures);
                continue;
            }
            gone.forEach(state -> lane.emitDeletion(state, records));
            swept += gone.size();
        }
        return swept;
    }

    private void requeue(List<byte[]> keys, RuntimeException failure, LaneFailures failures) {
        keys.forEach(queue::offer);
        failures.note(failure);
    }

    /**
     * The keys grouped by the lane that reads them; a key whose slot no primary holds now waits in the queue, a
     * big key being copied (or copied a moment ago) waits for its copy
     * ({@link io.keyferry.source.bigkey.BigKeyCopies}).
     */
    private Map<SourceLane, List<byte[]>> byLane(List<byte[]> keys) {
        Map<SourceLane, List<byte[]>> groups = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (byte[] key : keys) {
            SourceLane lane = layout.laneOf(key);
            if (lane == null) {
                queue.offer(key);
                layout.redirected();
            } else if (!lane.holdsBack(key, now)) {
                groups.computeIfAbsent(lane, l -> new ArrayList<>()).add(key);
            }
        }
        return groups;
    }
}
