package io.keyferry.sink;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.sink.record.RecordDecoder;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.ReplicaWaiter;
import io.keyferry.sink.write.RetryingWriter;
import io.keyferry.sink.write.TargetWriters;
import io.keyferry.sink.write.WriteMode;
import io.lettuce.core.RedisException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of its partitions to the target. {@link #put} returns only once the target has
 * acknowledged every write of the batch (and, with {@code redis.wait.replicas}, that many replicas have), or
 * the write went to the errant record reporter, so the offsets Connect commits after it are always of
 * written records: a crash replays, never skips.
 */
public class RedisSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(RedisSinkTask.class);

    private RecordDecoder decoder;
    private TargetWriters target;
    private RetryingWriter writer;
    private ReplicaWaiter replicas;
    private RejectedRecordHandler rejected;
    private SinkMetrics metrics;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RedisSinkConnectorConfig config = RedisSinkConnectorConfig.parse(props);
        RedisEndpoint endpoint = config.endpoint();
        decoder = new RecordDecoder(config.keyRewriter());
        WriteMode mode = config.writeMode();
        try {
            String databaseProblem = ConnectionCheck.clusterDatabaseProblem(endpoint);
            if (databaseProblem != null) {
                throw new ConnectException(databaseProblem);
            }
            boolean cluster = endpoint.isCluster();
            target = TargetWriters.open(endpoint, cluster, mode, config.commandTimeout(), config.stagingTtl());
            log.info("Writing to {}{} in {} mode", endpoint.describe(), cluster ? " (a Redis Cluster)" : "", mode.code());
        } catch (RedisException e) {
            throw new ConnectException("Cannot connect to the target " + endpoint.describe() + ": "
                    + ConnectionCheck.describe(e), e);
        }
        writer = new RetryingWriter(target.writer(), config.retryPolicy(), endpoint.describe());
        replicas = new ReplicaWaiter(target.writer(), config.waitReplicas(), config.waitTimeout(), config.retryPolicy(),
                endpoint.describe());
        rejected = new RejectedRecordHandler(config.toleratesBadRecords(), context.errantRecordReporter(),
                endpoint.describe());
        metrics = new SinkMetrics(context.pluginMetrics(), target::fallbacks, writer::retries, rejected::count,
                target::incompleteCopies);
    }

    /**
     * Whether the target is a Redis Cluster. A target whose ACL refuses INFO cannot tell; it is written as a
     * single server, which a cluster would answer with MOVED errors naming the keys.
     */
    @Override
    public void put(Collection<SinkRecord> records) {
        // Records carry a key's full state, so only the last one of each key in a batch needs writing. The parts
        // of a big key before its last are not states: every one is written, in order, before the rest of the
        // batch, which may hold the last part that puts the assembled key in place. A part that follows a write
        // of its key in the batch (the last part of an earlier copy, say) waits until that write is done: the
        // first part of a copy starts its staging copy afresh.
        if (records.isEmpty()) {
            return; // Connect calls put() without records too: no WAIT for nothing written
        }
        List<KeyWrite> parts = new ArrayList<>();
        Map<ByteBuffer, KeyWrite> latest = new LinkedHashMap<>();
        long newestRead = 0;
        try {
            for (SinkRecord record : records) {
                if (record.timestamp() != null) {
                    newestRead = Math.max(newestRead, record.timestamp());
                }
                KeyWrite write;
                try {
                    write = decoder.decode(record);
                } catch (DataException e) {
                    rejected.handle(record, null, e);
                    continue;
                }
                if (write == null) {
                    continue;
                }
                ByteBuffer key = ByteBuffer.wrap(write.key());
                if (!write.partBeforeLast()) {
                    latest.put(key, write);
                    continue;
                }
                if (latest.containsKey(key)) {
                    write(parts, latest);
                }
                parts.add(write);
            }
            write(parts, latest);
            replicas.await();
            metrics.batchWritten(newestRead);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to the target; the batch will be written again", e);
        }
    }

    /** Writes the parts gathered, then the latest state of each key, and empties both. */
    private void write(List<KeyWrite> parts, Map<ByteBuffer, KeyWrite> latest) throws InterruptedException {
        List<FailedWrite> failures = new ArrayList<>();
        if (!parts.isEmpty()) {
            failures.addAll(writer.write(parts));
        }
        if (!latest.isEmpty()) {
            failures.addAll(writer.write(new ArrayList<>(latest.values())));
        }
        for (FailedWrite failure : failures) {
            rejected.handle(failure.write().origin(), failure.write().key(), failure.error());
        }
        metrics.written(parts.size() + latest.size() - failures.size());
        parts.clear();
        latest.clear();
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.close();
        }
        if (target != null) {
            target.close();
        }
    }
}
