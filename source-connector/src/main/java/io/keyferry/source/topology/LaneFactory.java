package io.keyferry.source.topology;

import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.CaptureMethod;
import io.keyferry.source.RedisSourceConnectorConfig;
import io.keyferry.source.SourceMetrics;
import io.keyferry.source.SourceMode;
import io.keyferry.source.bigkey.BigKeyCopies;
import io.keyferry.source.bigkey.BigKeys;
import io.keyferry.source.live.ChangeFeed;
import io.keyferry.source.live.ChangeQueue;
import io.keyferry.source.live.KeyspaceResets;
import io.keyferry.source.live.NotificationListener;
import io.keyferry.source.live.NotificationSettings;
import io.keyferry.source.live.NotificationWatch;
import io.keyferry.source.live.ReplicaSyncWatch;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.offset.SourcePartition;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.replication.ReplicationCapture;
import io.keyferry.source.snapshot.KeyScanner;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Opens lanes: a client of the server, its notification subscription first (in live modes, so no change
 * falls between it and the scan), then the scan and the pipelined reader, each on a connection of its own.
 */
public final class LaneFactory implements ClusterLayout.ClusterLanes {
    private final RedisSourceConnectorConfig config;
    private final ChangeQueue queue;
    private final KeySelection selection;
    private final ClientResources resources;
    private final KeyRecordMapper mapper;
    private final BigKeys bigKeys;
    private final SourceMetrics metrics;

    /**
     * @param queue where notified keys go; null when the source does not follow changes
     * @param selection the keys the task copies (its slots among them): the lanes scan and follow these
     * @param resources the task's event loops and timers, shared by the clients of all its lanes
     * @param mapper how the lanes' big keys become records
     */
    public LaneFactory(RedisSourceConnectorConfig config, ChangeQueue queue, KeySelection selection,
                       ClientResources resources, KeyRecordMapper mapper, BigKeys bigKeys, SourceMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.queue = queue;
        this.selection = selection;
        this.resources = resources;
        this.mapper = mapper;
        this.bigKeys = bigKeys;
    }

    /**
     * The lane of a standalone server's database, reading the keys of {@code slots} only.
     *
     * @param stream where a capture through the replication protocol continues; null for a full sync
     * @param restarted whether the task ran before (a full sync then sweeps the topic)
     */
    public SourceLane standalone(RedisEndpoint server, SlotSet slots, SnapshotOffset start, SourcePartition partition,
                                 ReplicationPosition stream, boolean restarted) {
        return open(server, null, slots, start, partition, false, stream, restarted);
    }

    /**
     * The lane of a cluster primary: the keys it holds in {@code held}, the task's slots it holds.
     *
     * @param stream where a capture through the replication protocol continues; null for a full sync
     * @param restarted whether the keys may have changed unseen before (a full sync then sweeps the topic)
     */
    @Override
    public SourceLane clusterNode(RedisEndpoint node, SlotSet held, SnapshotOffset start, SourcePartition partition,
                                  boolean replica, ReplicationPosition stream, boolean restarted) {
        return open(node, held, held, start, partition, replica, stream, restarted);
    }

    /** Whether the lanes capture changes through the replication protocol. */
    @Override
    public boolean capturesStreams() {
        return queue != null && config.capture() == CaptureMethod.REPLICATION;
    }

    /**
     * @param held    null for a standalone server
     * @param scanned the slots whose keys the scan reads
     * @param replica  whether the node is a cluster replica, which serves reads of its slots after READONLY only
     */
    private SourceLane open(RedisEndpoint server, SlotSet held, SlotSet scanned, SnapshotOffset start,
                            SourcePartition partition, boolean replica, ReplicationPosition stream, boolean restarted) {
        RedisClient client = server.newClient(resources);
        AutoCloseable connections = () -> client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        NotificationListener listener = null;
        ReplicationCapture capture = null;
        try {
            StatefulRedisConnection<byte[], byte[]> scanConnection = RedisEndpoint.connect(client);
            ChangeFeed feed = null;
            if (capturesStreams()) {
                // All the task's slots, not those the node holds now: slots moving to it are in its stream.
                capture = ReplicationCapture.open(server, RedisEndpoint.connect(client), stream,
                        selection, config.mode() == SourceMode.LIVE,
                        bigKeys.sizes().payloadLimit(), restarted, config.backoff().max(), metrics);
            } else if (queue != null) {
                listener = subscribe(client, scanConnection, server);
                feed = new ChangeFeed(listener, new NotificationWatch(scanConnection.sync(), listener::received,
                        server.describe(), config.notificationWatch(), metrics::notificationsMissing),
                        new KeyspaceResets(scanConnection.sync(), server.describe(), config.resetsCheck()),
                        new ReplicaSyncWatch(scanConnection.sync(), server.describe(), config.resetsCheck()));
            }
            KeyScanner scanner = new KeyScanner(scanConnection, config.scanCount(), selection.withSlots(scanned));
            Duration timeout = Duration.ofMillis(config.getLong(RedisSourceConnectorConfig.TIMEOUT_MS));
            StatefulRedisConnection<byte[], byte[]> readConnection = RedisEndpoint.connect(client);
            if (replica) {
                // A replica that has not synced with its primary yet serves an empty or stale dataset.
                if (ReplicaSyncWatch.link(scanConnection.sync().info("replication")) != ReplicaSyncWatch.Link.UP) {
                    throw new RedisConnectionException(server.describe() + " is not in sync with its primary yet "
                            + "(its link is down or a sync is under way): it is read once it is");
                }
                // Lettuce sends READONLY again on every reconnection of these connections.
                scanConnection.sync().readOnly();
                readConnection.sync().readOnly();
            }
            long limit = bigKeys.sizes().payloadLimit();
            KeyStateReader reader = held != null ? KeyStateReader.forClusterNode(readConnection, timeout, limit)
                    : new KeyStateReader(readConnection, server.database(), timeout, limit);
            SnapshotReader snapshot = new SnapshotReader(server.describe(), scanner, reader, start, config.scanCount());
            BigKeyCopies copies = new BigKeyCopies(bigKeys, mapper, scanConnection.sync(), reader, partition.toMap(),
                    server.describe());
            return new SourceLane(server.describe(), partition, held, snapshot, reader, copies, mapper, feed, capture,
                    connections);
        } catch (RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            if (capture != null) {
                capture.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            throw e;
        }
    }

    private NotificationListener subscribe(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection,
                                           RedisEndpoint server) {
        if (config.verifyNotifications() || config.configureNotifications()) {
            String problem = NotificationSettings.check(connection.sync(), server.describe(),
                    config.configureNotifications(),
                    "set " + RedisSourceConnectorConfig.NOTIFICATIONS_CONFIGURE + "=true",
                    "set " + RedisSourceConnectorConfig.NOTIFICATIONS_VERIFY + "=false");
            if (problem != null) {
                throw new ConnectException(problem);
            }
        }
        return NotificationListener.subscribe(client, server.database(), queue, selection::acceptsName);
    }
}
