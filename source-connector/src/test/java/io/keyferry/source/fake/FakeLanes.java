package io.keyferry.source.fake;

import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.bigkey.BigKeyCopies;
import io.keyferry.source.bigkey.BigKeyPolicy;
import io.keyferry.source.bigkey.BigKeys;
import io.keyferry.source.bigkey.PartSizes;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.record.ValueFormat;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import io.keyferry.source.topology.SourceLane;
import java.time.Duration;

/** Lanes over an {@link InMemoryServer}, as the lane factory opens them over a real one, without change feeds. */
public final class FakeLanes {
    public static final int BATCH = 2;
    /** For tests that count no big key. */
    public static final BigKeys.Counters NO_COUNTERS = new BigKeys.Counters() {
        @Override
        public void bigKeyCopied() {
        }

        @Override
        public void bigKeyPart() {
        }

        @Override
        public void bigKeySkipped() {
        }
    };

    private FakeLanes() {
    }

    /**
     * @param held the slots of a cluster node's lane, or null for a standalone server
     * @param closed counts the lane's closing
     */
    public static SourceLane lane(String name, InMemoryServer server, SourcePartition partition, SlotSet held,
                                  SnapshotOffset start, BigKeys.Counters counters, Runnable closed) {
        KeyRecordMapper mapper = new KeyRecordMapper("topic", new SlotPartitioner(4), ValueFormat.DUMP);
        BigKeys bigKeys = new BigKeys(new PartSizes(ValueFormat.DUMP, 1 << 20), BigKeyPolicy.SKIP,
                Duration.ofSeconds(1), 10, counters);
        // No key of these tests is too big for a record: the copies never reach the server, which this is not.
        BigKeyCopies copies = new BigKeyCopies(bigKeys, mapper, null, server, partition.toMap(), name);
        SnapshotReader snapshot = new SnapshotReader(name, server, server, start, BATCH);
        return new SourceLane(name, partition, held, snapshot, server, copies, mapper, null, null, closed::run);
    }
}
