package io.keyferry.sink;

import io.keyferry.common.Version;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.sink.record.RecordDecoder;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.RestoreWriter;
import io.keyferry.sink.write.RetryingWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Writes the records of its partitions to the target. {@link #put} returns only once the target has
 * acknowledged every write of the batch (or the write went to the errant record reporter), so the offsets
 * Connect commits after it are always of written records: a crash replays, never skips.
 */
public class RedisSinkTask extends SinkTask {
    private final RecordDecoder decoder = new RecordDecoder();
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private RetryingWriter writer;
    private RejectedRecordHandler rejected;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RedisSinkConnectorConfig config = new RedisSinkConnectorConfig(props);
        RedisEndpoint endpoint = config.endpoint();
        try {
            client = endpoint.newClient();
            connection = RedisEndpoint.connect(client);
        } catch (RedisException e) {
            stop();
            throw new ConnectException("Cannot connect to the target " + endpoint.describe() + ": " + e.getMessage(), e);
        }
        Duration timeout = Duration.ofMillis(config.getLong(RedisSinkConnectorConfig.TIMEOUT_MS));
        writer = new RetryingWriter(new RestoreWriter(connection, timeout), config.retryPolicy(), endpoint.describe());
        rejected = new RejectedRecordHandler(config.toleratesBadRecords(), context.errantRecordReporter(),
                endpoint.describe());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        // Records carry a key's full state, so only the last one of each key in a batch needs writing.
        Map<ByteBuffer, KeyWrite> latest = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            try {
                KeyWrite write = decoder.decode(record);
                latest.put(ByteBuffer.wrap(write.key()), write);
            } catch (DataException e) {
                rejected.handle(record, null, e);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        try {
            for (FailedWrite failure : writer.write(new ArrayList<>(latest.values()))) {
                rejected.handle(failure.write().origin(), failure.write().key(), failure.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to the target; the batch will be written again", e);
        }
    }

    @Override
    public void stop() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
