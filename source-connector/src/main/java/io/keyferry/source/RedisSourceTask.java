package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.live.ChangeStream;
import io.keyferry.source.live.NotificationListener;
import io.keyferry.source.live.NotificationSettings;
import io.keyferry.source.live.TopicSweep;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.snapshot.KeyScanner;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one database of one Redis server into the topic: a snapshot (SCAN, pipelined state reads) that
 * resumes from its committed cursor, and in live modes the keys named by change notifications. A live
 * source restarted with committed offsets resyncs, since the changes made while it was stopped were not
 * seen.
 */
public class RedisSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(RedisSourceTask.class);
    private static final long IDLE_WAIT_MS = 1000;

    private final CountDownLatch stopping = new CountDownLatch(1);
    // poll() and the release of resources in stop() never overlap, whichever thread Connect calls stop() on.
    private final Object lifecycle = new Object();
    private RedisClient client;
    private SourceCoordinator coordinator;
    private SourceMetrics metrics;
    private ChangeQueue queue;
    private String source;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RedisSourceConnectorConfig config = new RedisSourceConnectorConfig(props);
        RedisEndpoint endpoint = config.endpoint();
        source = endpoint.describe();
        Map<String, Object> sourcePartition = Map.of("database", endpoint.database());
        Map<String, Object> stored = context.offsetStorageReader().offset(sourcePartition);
        SourceMode mode = config.mode();
        metrics = new SourceMetrics(context.pluginMetrics());
        try {
            client = endpoint.newClient();
            StatefulRedisConnection<byte[], byte[]> scanConnection = RedisEndpoint.connect(client);
            ChangeStream changes = mode.followsChanges() ? subscribe(config, endpoint, scanConnection) : null;
            KeyScanner scanner = new KeyScanner(scanConnection.sync(), config.scanCount(), config.scanMatch(),
                    config.scanType(), config.keyFilter());
            KeyStateReader reader = new KeyStateReader(RedisEndpoint.connect(client), endpoint.database(),
                    Duration.ofMillis(config.getLong(RedisSourceConnectorConfig.TIMEOUT_MS)));
            SnapshotOffset start = stored == null && mode == SourceMode.LIVEONLY ? SnapshotOffset.COMPLETE
                    : SnapshotOffset.fromMap(stored);
            SnapshotReader snapshot = new SnapshotReader(scanner, reader, start, config.scanCount());
            KeyRecordMapper mapper = new KeyRecordMapper(config.topic(), new SlotPartitioner(config.topicPartitions()),
                    config.format());
            coordinator = new SourceCoordinator(snapshot, reader, changes, mapper, sourcePartition, metrics,
                    config.scanType(), config.scanCount(), source);
            announce(mode, stored, start);
        } catch (RedisException e) {
            stop();
            throw new ConnectException("Cannot start reading " + source + ": " + ConnectionCheck.describe(e), e);
        }
    }

    private ChangeStream subscribe(RedisSourceConnectorConfig config, RedisEndpoint endpoint,
                                   StatefulRedisConnection<byte[], byte[]> connection) {
        String problem = NotificationSettings.check(connection.sync(), source, config.configureNotifications(),
                RedisSourceConnectorConfig.NOTIFICATIONS_CONFIGURE);
        if (problem != null) {
            throw new ConnectException(problem);
        }
        queue = new ChangeQueue(config.queueCapacity(), config.debounceMillis());
        metrics.watch(queue);
        NotificationListener listener = NotificationListener.subscribe(client, endpoint.database(), queue,
                config.keyFilter()::accepts);
        return new ChangeStream(listener, queue, () -> new TopicSweep(config.resyncConsumerConfig(), config.topic()));
    }

    private void announce(SourceMode mode, Map<String, Object> stored, SnapshotOffset start) {
        if (mode.followsChanges() && stored != null) {
            coordinator.resync("the task restarted, so changes made while it was stopped were not seen");
        } else if (mode == SourceMode.LIVEONLY) {
            log.info("Following the changes of {} (no initial snapshot)", source);
        } else if (start.done()) {
            log.info("Snapshot of {} already complete according to the committed offset; nothing to do", source);
        } else if (start.equals(SnapshotOffset.START)) {
            log.info("Starting the snapshot of {}{}", source, mode.followsChanges() ? ", then following its changes" : "");
        } else {
            log.info("Resuming the snapshot of {} at SCAN cursor {}", source, start.cursor());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        synchronized (lifecycle) {
            if (stopping.getCount() == 0) {
                return null;
            }
            if (coordinator.finished()) {
                stopping.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                return null;
            }
            try {
                List<SourceRecord> records = coordinator.poll();
                return records.isEmpty() ? null : records;
            } catch (RedisException e) {
                if (stopping.getCount() == 0) {
                    return null;
                }
                if (TransientErrors.isTransient(e)) {
                    // Connect calls poll() again; no position has moved, so nothing is skipped.
                    throw new RetriableException("Reading " + source + " failed, will retry: " + e.getMessage(), e);
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
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }
}
