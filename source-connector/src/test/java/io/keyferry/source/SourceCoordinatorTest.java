package io.keyferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.fake.FakeLanes;
import io.keyferry.source.fake.InMemoryServer;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.live.TopicSweep;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.topology.SourceLane;
import io.keyferry.source.topology.StandaloneLayout;
import io.lettuce.core.RedisConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator over one lane of an {@link InMemoryServer}: the order of a poll's steps, failures, resyncs. */
class SourceCoordinatorTest {
    private static final int BATCH = FakeLanes.BATCH;

    private final Metrics registry = new Metrics();
    private final SourceMetrics metrics = new SourceMetrics(new PluginMetricsImpl(registry, Map.of("task", "0")));
    private final InMemoryServer server = new InMemoryServer(BATCH);
    private final ChangeQueue queue = new ChangeQueue(100, 0);
    private final RecordAcks acks = new RecordAcks();
    private final AtomicInteger sweepsStarted = new AtomicInteger();
    private SourceLane lane;

    @AfterEach
    void close() {
        registry.close();
    }

    private SourceCoordinator coordinator(int keys, boolean live) {
        for (int i = 0; i < keys; i++) {
            server.set(String.format("k%02d", i), "v" + i);
        }
        lane = FakeLanes.lane("test", server, SourcePartition.ofDatabase(0, SlotSet.ALL), null, SnapshotOffset.START,
                metrics, () -> { });
        // A sweep is counted when it starts; none runs, as the topic it would read is not there.
        Supplier<TopicSweep> sweeps = () -> {
            sweepsStarted.incrementAndGet();
            return null;
        };
        return new SourceCoordinator(new StandaloneLayout(lane), live ? queue : null, live ? sweeps : null, metrics,
                KeySelection.all(), BATCH, acks);
    }

    private static List<String> values(List<SourceRecord> records) {
        return records.stream().map(record -> InMemoryServer.text((byte[]) record.key()) + "="
                + InMemoryServer.text((byte[]) record.value())).toList();
    }

    @Test
    void aChangedKeyIsEmittedAfterTheScanBatchReadAheadThatHoldsIt() throws InterruptedException {
        SourceCoordinator coordinator = coordinator(4, true);
        assertEquals(List.of("k00=v0", "k01=v1"), values(coordinator.poll()));
        // The poll sent the reads of k02 and k03 ahead; k02 changes after that.
        server.set("k02", "new");
        queue.offer(InMemoryServer.bytes("k02"));
        List<String> next = values(coordinator.poll());
        assertEquals(List.of("k02=v2", "k03=v3", "k02=new"), next, "the older state of k02 comes first");
    }

    @Test
    void aLaneRefusesOtherReadsWhileItsBatchReadAheadWaits() throws InterruptedException {
        SourceCoordinator coordinator = coordinator(4, true);
        coordinator.poll();
        IllegalStateException refused = assertThrows(IllegalStateException.class, lane::reads);
        assertTrue(refused.getMessage().contains("read ahead"), refused.getMessage());
        lane.scan(new ArrayList<>());
        lane.reads();
    }

    @Test
    void aFailureAfterSomeRecordsIsThrownByTheNextPollAndLosesNothing() throws InterruptedException {
        SourceCoordinator coordinator = coordinator(6, true);
        coordinator.poll();
        // The batch read ahead (k02, k03) fails; the change of k00 is read after it, and succeeds.
        server.set("k00", "changed");
        queue.offer(InMemoryServer.bytes("k00"));
        server.failNextCollect();
        assertEquals(List.of("k00=changed"), values(coordinator.poll()));
        assertThrows(RedisConnectionException.class, coordinator::poll, "the failure, deferred to the next poll");
        List<String> after = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            after.addAll(values(coordinator.poll()));
        }
        assertEquals(List.of("k02=v2", "k03=v3", "k04=v4", "k05=v5"), after, "the failed batch scanned again");
    }

    @Test
    void aResyncRescansEveryKeyAndSweepsOnceEveryRecordReturnedIsAcknowledged() throws InterruptedException {
        SourceCoordinator coordinator = coordinator(4, true);
        List<SourceRecord> returned = new ArrayList<>(coordinator.poll());
        returned.addAll(coordinator.poll());
        assertEquals(4, returned.size());

        coordinator.resync("test");
        List<SourceRecord> rescanned = new ArrayList<>(coordinator.poll());
        rescanned.addAll(coordinator.poll());
        assertEquals(List.of("k00=v0", "k01=v1", "k02=v2", "k03=v3"), values(rescanned));
        assertEquals(0, sweepsStarted.get(), "no sweep while records returned before the resync are not acknowledged");
        returned.forEach(acks::acknowledged);
        coordinator.poll();
        assertEquals(1, sweepsStarted.get());
        assertEquals(1L, registry.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("resyncs"))
                .findFirst().orElseThrow().getValue().metricValue());
    }

    @Test
    void aSnapshotSourceIsFinishedOnceItsScanIsComplete() throws InterruptedException {
        SourceCoordinator coordinator = coordinator(3, false);
        assertFalse(coordinator.finished());
        List<SourceRecord> records = new ArrayList<>(coordinator.poll());
        records.addAll(coordinator.poll());
        assertTrue(coordinator.finished());
        assertEquals(Map.of("phase", "done"), records.get(records.size() - 1).sourceOffset());
        assertEquals(Map.of("phase", "snapshot", "cursor", "0"), records.get(0).sourceOffset());
    }
}
