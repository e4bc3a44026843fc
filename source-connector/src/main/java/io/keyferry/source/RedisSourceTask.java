package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.Backoff;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.OpenAttempts;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.rate.RateLimit;
import io.keyferry.common.record.ChunkKeys;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.KeyText;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.bigkey.BigKeys;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.live.TopicSweep;
import io.keyferry.source.offset.CommittedOffsets;
import io.keyferry.source.offset.SourceOffset;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.topology.ClusterLayout;
import io.keyferry.source.topology.ClusterTopology;
import io.keyferry.source.topology.LaneFactory;
import io.keyferry.source.topology.ReadFrom;
import io.keyferry.source.topology.SourceLayout;
import io.keyferry.source.topology.StandaloneLayout;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one database of one Redis server, or a share of a cluster's slots, into the topic: a snapshot (SCAN,
 * pipelined state reads) that resumes from its committed cursors, and in live modes the keys named by
 * change notifications. A live source restarted with committed offsets resyncs, since the changes made while
 * it was stopped were not seen.
 */
public class RedisSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(RedisSourceTask.class);
    private static final long IDLE_WAIT_MS = 1000;
    private static final Duration RECOVERY_INTERVAL = Duration.ofMinutes(1);

    private final CountDownLatch stopping = new CountDownLatch(1);
    // poll() and the release of resources in stop() never overlap, whichever thread Connect calls stop() on.
    private final Object lifecycle = new Object();
    private ClientResources resources;
    private RedisClusterClient clusterClient;
    private OpenAttempts<SourceCoordinator> opening;
    private SourceCoordinator coordinator;
    private Backoff readBackoff;
    private int readFailures;
    private SourceMetrics metrics;
    private ChangeQueue queue;
    private String source;
    private boolean toleratesErrors;
    private final AtomicReference<SourceRecord> unsent = new AtomicReference<>();
    private final RecordAcks acks = new RecordAcks();
    private long nextRecovery = System.nanoTime();
    private List<RateLimit> throttle = List.of();

    @Override
    public String version() {
        return Version.get();
    }

    /**
     * Starts without the source if it does not answer yet: each {@link #poll} tries again, with the configured
     * backoff, and the copy begins once the source is back. A wrong configuration still fails the start.
     */
    @Override
    public void start(Map<String, String> props) {
        try {
            RedisSourceTaskConfig config = new RedisSourceTaskConfig(props);
            prepare(config);
            opening = new OpenAttempts<>(source, config.backoff(), () -> open(config));
            readBackoff = config.backoff();
            metrics.watch(opening);
            coordinator = opening.open();
        } catch (RuntimeException e) {
            // Connect does not call stop() after a failed start: what was opened is released here.
            stop();
            if (e instanceof RedisException) {
                throw new ConnectException("Cannot start reading " + source + ": " + ConnectionCheck.describe(e), e);
            }
            throw e;
        }
    }

    /** What the task needs before it reaches the source. */
    private void prepare(RedisSourceTaskConfig config) {
        SlotSet slots = config.taskSlots();
        RedisEndpoint endpoint = config.endpoint();
        toleratesErrors = "all".equals(config.originalsStrings().get("errors.tolerance"));
        SlotSet serverSlots = config.serverSlots();
        source = slots != null ? "slots " + slots + " of the cluster at " + endpoint.describe()
                : serverSlots.equals(SlotSet.ALL) ? endpoint.describe()
                : "the keys of slots " + serverSlots + " of " + endpoint.describe();
        metrics = new SourceMetrics(context.pluginMetrics());
        throttle = List.of(RateLimit.of(config.taskKeysPerSecond(), metrics::keysRead),
                RateLimit.of(config.taskBytesPerSecond(), metrics::bytesEmitted));
        if (config.mode().followsChanges()) {
            queue = new ChangeQueue(config.queueCapacity(), config.debounceMillis());
            metrics.watch(queue);
        }
        resources = DefaultClientResources.create();
    }

    /** Reaches the source: its lanes, and the coordinator over them. Closes what it opened when that fails. */
    private SourceCoordinator open(RedisSourceTaskConfig config) {
        RedisEndpoint endpoint = config.endpoint();
        SlotSet slots = config.taskSlots();
        SourceMode mode = config.mode();
        // The slots this task reads: its share of a cluster's, or of a standalone server's selected slots.
        SlotSet read = slots == null ? config.serverSlots() : slots;
        KeySelection selection = config.keySelection(read);
        SlotPartitioner partitioner = new SlotPartitioner(config.topicPartitions());
        BigKeys bigKeys = config.bigKeys(metrics);
        KeyRecordMapper mapper = new KeyRecordMapper(config.topic(), partitioner, config.format(),
                config.recordHeaders(), bigKeys.sizes()::fits);
        LaneFactory lanes = new LaneFactory(config, queue, selection, resources, mapper, bigKeys, metrics);
        boolean replication = mode.followsChanges() && config.capture() == CaptureMethod.REPLICATION;
        if (replication && config.readFrom() != ReadFrom.PRIMARY) {
            // validate() says so too; a config deployed without it must not run half supported.
            throw new ConfigException(RedisSourceConnectorConfig.CAPTURE, CaptureMethod.REPLICATION.code(),
                    "attaches to primaries: leave " + RedisSourceConnectorConfig.READ_FROM + " at primary");
        }
        // A capture through the replication protocol has its snapshot from the RDB: it scans only to resync.
        SnapshotOffset absent = mode == SourceMode.LIVEONLY || replication ? SnapshotOffset.COMPLETE
                : SnapshotOffset.START;
        CommittedOffsets committed = new CommittedOffsets(context.offsetStorageReader());
        SourceLayout layout;
        boolean restarted;
        if (slots == null) {
            // A share of the slots is a position of its own: another split, or another selection, scans afresh.
            SourcePartition partition = SourcePartition.ofDatabase(endpoint.database(), read);
            SourceOffset stored = committed.of(partition);
            SnapshotOffset start = stored == null || replication ? absent : stored.position();
            layout = new StandaloneLayout(lanes.standalone(endpoint, read, start, partition,
                    stored == null ? null : stored.stream(), stored != null));
            restarted = stored != null;
        } else {
            RedisClusterClient client = endpoint.newClusterClient(resources);
            try {
                ClusterLayout cluster = ClusterLayout.open(() -> ClusterTopology.lookAt(client), endpoint, slots,
                        lanes, config.readFrom(), committed::of, absent);
                layout = cluster;
                restarted = cluster.restarted();
            } catch (RuntimeException e) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
                throw e;
            }
            clusterClient = client;
        }
        SourceCoordinator opened = null;
        try {
            Set<Integer> partitions = read.partitions(partitioner);
            Supplier<TopicSweep> sweeps = queue == null ? null
                    : () -> new TopicSweep(config.resyncConsumerConfig(), config.topic(), partitions::contains,
                            selection::acceptsName);
            opened = new SourceCoordinator(layout, queue, sweeps, metrics, selection, config.scanCount(), acks);
            if (replication) {
                log.info("Capturing {} through the replication protocol{}", source, restarted
                        ? ", continuing the stream where the committed offsets stand" : "");
                if (!restarted) {
                    opened.sweepTopic(); // the topic may hold keys from before, as for a first live start
                }
            } else {
                announce(opened, mode, restarted);
            }
            return opened;
        } catch (RuntimeException e) {
            // The next attempt opens everything again: nothing of this one may stay open.
            if (opened != null) {
                opened.close();
            } else {
                layout.close();
            }
            if (clusterClient != null) {
                clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(5));
                clusterClient = null;
            }
            throw e;
        }
    }

    private void announce(SourceCoordinator coordinator, SourceMode mode, boolean restarted) {
        if (mode.followsChanges() && restarted) {
            coordinator.resync("the task restarted, so changes made while it was stopped were not seen");
        } else if (mode == SourceMode.LIVEONLY) {
            log.info("Following the changes of {} (no initial snapshot)", source);
        } else if (coordinator.finished()) {
            log.info("Snapshot of {} already complete according to the committed offsets; nothing to do", source);
        } else if (restarted) {
            log.info("Resuming the snapshot of {} from the committed SCAN cursors", source);
        } else if (mode.followsChanges()) {
            // The topic may hold keys of these slots from before (another split among tasks, another selection):
            // swept like a resync's, those the source no longer has get their tombstones.
            log.info("Starting the snapshot of {}, then following its changes", source);
            coordinator.sweepTopic();
        } else {
            log.info("Starting the snapshot of {}", source);
        }
    }

    /**
     * With {@code errors.tolerance=all}, Connect acknowledges a record the producer failed to send (too large,
     * not authorized, ...) with no metadata, and commits offsets past it (KIP-779). The next poll then copies
     * everything again: a snapshot scans from the start, a live source resyncs. Without that tolerance, no
     * metadata means an SMT dropped the record, which is the user's choice.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        acks.acknowledged(record);
        if (metadata == null && toleratesErrors) {
            metrics.unsent();
            unsent.compareAndSet(null, record);
        }
    }

    /**
     * Copies everything again after records were lost on their way to Kafka, at most once a minute: a record
     * the producer refuses (too large for its max.request.size, say) is refused again by every copy.
     */
    private void recoverFromUnsentRecords() {
        long now = System.nanoTime();
        if (now - nextRecovery < 0) {
            return;
        }
        SourceRecord lost = unsent.getAndSet(null);
        if (lost != null) {
            log.error("A record of key {} was not written to {} (the producer failed and errors.tolerance=all let "
                    + "Connect go on; see the worker's log for why); its offset may be committed, so the source copies "
                    + "its keys again, and does so at most once a minute while records fail",
                    KeyText.printable(ChunkKeys.redisKeyOf((byte[]) lost.key())), lost.topic());
            coordinator.recover("records could not be written to Kafka");
            nextRecovery = now + RECOVERY_INTERVAL.toNanos();
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (lifecycle) {
            if (stopping.getCount() == 0) {
                return null;
            }
            if (coordinator == null) {
                try {
                    coordinator = opening.open();
                } catch (RedisException e) {
                    throw new ConnectException("Cannot start reading " + source + ": " + ConnectionCheck.describe(e),
                            e);
                }
                if (coordinator == null) {
                    stopping.await(Math.min(IDLE_WAIT_MS, Math.max(1, opening.millisToNextAttempt())),
                            TimeUnit.MILLISECONDS);
                    return null;
                }
            }
            recoverFromUnsentRecords();
            long owed = throttle.stream().mapToLong(RateLimit::millisToWait).max().orElse(0);
            if (owed > 0) {
                long wait = Math.min(owed, IDLE_WAIT_MS);
                metrics.throttled(wait);
                stopping.await(wait, TimeUnit.MILLISECONDS);
                return null;
            }
            if (coordinator.finished()) {
                stopping.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                return null;
            }
            try {
                List<SourceRecord> records = coordinator.poll();
                readFailures = 0;
                return records.isEmpty() ? null : records;
            } catch (RedisException e) {
                if (stopping.getCount() == 0) {
                    return null;
                }
                if (TransientErrors.isTransient(e)) {
                    // Connect calls poll() again at once; no position has moved, so nothing is skipped. The
                    // backoff keeps an outage from spinning.
                    long wait = readBackoff.after(++readFailures).toMillis();
                    metrics.readRetried();
                    stopping.await(wait, TimeUnit.MILLISECONDS);
                    throw new RetriableException("Reading " + source + " failed (attempt " + readFailures
                            + "), retried after " + wait + " ms: " + e.getMessage(), e);
                }
                throw new ConnectException("Reading " + source + " failed: " + ConnectionCheck.describe(e), e);
            }
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (queue != null) {
            queue.wakeUp();
        }
        synchronized (lifecycle) {
            if (coordinator != null) {
                coordinator.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (clusterClient != null) {
                clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
            if (resources != null) {
                resources.shutdown(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(6, TimeUnit.SECONDS);
            }
        }
    }
}
