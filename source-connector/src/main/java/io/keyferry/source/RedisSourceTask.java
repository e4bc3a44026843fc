package io.keyferry.source;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.record.Operation;
import io.keyferry.common.record.SlotPartitioner;
import io.keyferry.source.read.KeyStateReader;
import io.keyferry.source.record.KeyRecordMapper;
import io.keyferry.source.snapshot.KeyScanner;
import io.keyferry.source.snapshot.SnapshotOffset;
import io.keyferry.source.snapshot.SnapshotReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
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
 * Snapshots one database of one Redis server into the topic: SCAN, pipelined state reads, one record per
 * key. Resumes from the committed SCAN cursor; once the scan is complete it produces nothing more.
 */
public class RedisSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(RedisSourceTask.class);
    private static final long IDLE_WAIT_MS = 1000;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> scanConnection;
    private StatefulRedisConnection<byte[], byte[]> readConnection;
    private SnapshotReader snapshot;
    private KeyRecordMapper mapper;
    private Map<String, Object> sourcePartition;
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
        sourcePartition = Map.of("database", endpoint.database());
        SnapshotOffset resumeAt = SnapshotOffset.fromMap(context.offsetStorageReader().offset(sourcePartition));
        try {
            client = endpoint.newClient();
            scanConnection = RedisEndpoint.connect(client);
            readConnection = RedisEndpoint.connect(client);
        } catch (RedisException e) {
            stop();
            throw new ConnectException("Cannot connect to the source " + source + ": " + e.getMessage(), e);
        }
        KeyScanner scanner = new KeyScanner(scanConnection.sync(), config.scanCount(), config.scanMatch(),
                config.scanType(), config.keyFilter());
        KeyStateReader reader = new KeyStateReader(readConnection, endpoint.database(),
                Duration.ofMillis(config.getLong(RedisSourceConnectorConfig.TIMEOUT_MS)));
        snapshot = new SnapshotReader(scanner, reader, resumeAt, config.scanCount());
        mapper = new KeyRecordMapper(config.topic(), new SlotPartitioner(config.topicPartitions()));
        if (resumeAt.done()) {
            log.info("Snapshot of {} already complete according to the committed offset; nothing to do", source);
        } else if (resumeAt.equals(SnapshotOffset.START)) {
            log.info("Starting the snapshot of {}", source);
        } else {
            log.info("Resuming the snapshot of {} at SCAN cursor {}", source, resumeAt.cursor());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (snapshot.done()) {
            stopping.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            return null;
        }
        List<SnapshotReader.Read> reads;
        try {
            reads = snapshot.next();
        } catch (RedisException e) {
            if (stopping.getCount() == 0) {
                return null;
            }
            if (TransientErrors.isTransient(e)) {
                // Connect calls poll() again; the snapshot position has not moved, so nothing is skipped.
                throw new RetriableException("Reading " + source + " failed, will retry: " + e.getMessage(), e);
            }
            throw new ConnectException("Reading " + source + " failed: " + ConnectionCheck.describe(e), e);
        }
        List<SourceRecord> records = new ArrayList<>(reads.size());
        for (SnapshotReader.Read read : reads) {
            records.add(mapper.toRecord(read.state(), Operation.SNAPSHOT, sourcePartition, read.offset().toMap()));
        }
        if (snapshot.done()) {
            log.info("Snapshot of {} complete: {} keys read by this task", source, snapshot.keysRead());
        }
        return records;
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
