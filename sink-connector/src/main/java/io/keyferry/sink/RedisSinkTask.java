package io.keyferry.sink;

import io.keyferry.common.Version;
import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.config.OpenAttempts;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.config.TransientErrors;
import io.keyferry.common.rate.RateLimit;
import io.keyferry.common.record.RecordMeta;
import io.keyferry.sink.record.DatabaseMap;
import io.keyferry.sink.record.RecordDecoder;
import io.keyferry.sink.write.DryRun;
import io.keyferry.sink.write.FailedWrite;
import io.keyferry.sink.write.KeyWrite;
import io.keyferry.sink.write.ReplicaWaiter;
import io.keyferry.sink.write.RetryingWriter;
import io.keyferry.sink.write.TargetWriters;
import io.keyferry.sink.write.WriteMode;
import io.lettuce.core.RedisException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
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
    private static final Duration DRY_RUN_LOG = Duration.ofSeconds(30);
    /** The longest put() waits for the throttle itself. */
    private static final Duration THROTTLE_WAIT = Duration.ofSeconds(2);

    private RecordDecoder decoder;
    private OpenAttempts<Target> target;
    private RejectedRecordHandler rejected;
    private SinkMetrics metrics;
    private Duration redeliveryWait;
    private RateLimit throttle;
    private RedisSinkConnectorConfig config;
    private RedisEndpoint endpoint;
    private DatabaseMap databases;
    private final Map<Integer, Target> otherDatabases = new HashMap<>();
    private DryRun dryRun;
    private long nextDryRunLog = System.nanoTime();

    /** A batch handed back to Connect, to be delivered again after {@code waitMillis}. */
    private static final class Redelivery extends RetriableException {
        private final long waitMillis;

        Redelivery(String message, long waitMillis) {
            super(message);
            this.waitMillis = waitMillis;
        }
    }

    /** What a task writes through, once the target has answered. */
    private record Target(TargetWriters writers, RetryingWriter writer, ReplicaWaiter replicas) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    /**
     * Starts without the target if it does not answer yet: the task keeps trying, with the configured backoff,
     * in each {@link #put}, and writes once the target is back. A wrong configuration still fails the start.
     */
    @Override
    public void start(Map<String, String> props) {
        config = RedisSinkConnectorConfig.parse(props);
        endpoint = config.endpoint();
        databases = config.databaseMap();
        decoder = new RecordDecoder(config.keyRewriter());
        redeliveryWait = config.backoff().max();
        target = new OpenAttempts<>("the target " + endpoint.describe(), config.backoff(),
                () -> open(config, endpoint));
        rejected = new RejectedRecordHandler(config.toleratesBadRecords(), context.errantRecordReporter(),
                endpoint.describe());
        metrics = new SinkMetrics(context.pluginMetrics(), () -> opened(TargetWriters::fallbacks),
                () -> target.opened() == null ? 0 : target.opened().writer().retries(), rejected::count,
                () -> opened(TargetWriters::incompleteCopies), target::waiting, target::failures);
        throttle = RateLimit.of(config.taskWritesPerSecond(), metrics::written);
        if (config.dryRun()) {
            dryRun = metrics.dryRun();
            log.warn("Dry run: nothing is written to {}; what would be is counted and logged", endpoint.describe());
            return;
        }
        target.open();
    }

    /** Counts the batch instead of writing it, and logs the counts every DRY_RUN_LOG. */
    private void count(Collection<SinkRecord> records) {
        long now = System.currentTimeMillis();
        for (SinkRecord record : records) {
            try {
                RecordMeta meta = decoder.meta(record);
                KeyWrite write = decoder.decode(record, meta);
                if (write != null) {
                    dryRun.count(write, meta.type(), now);
                }
            } catch (DataException e) {
                rejected.handle(record, null, e);
            }
        }
        if (System.nanoTime() - nextDryRunLog >= 0) {
            nextDryRunLog = System.nanoTime() + DRY_RUN_LOG.toNanos();
            log.info("Dry run so far: would write {}", dryRun.summary());
        }
    }

    private long opened(ToLongFunction<TargetWriters> counter) {
        Target opened = target.opened();
        return opened == null ? 0 : counter.applyAsLong(opened.writers());
    }

    private static Target open(RedisSinkConnectorConfig config, RedisEndpoint endpoint) {
        String databaseProblem = ConnectionCheck.clusterDatabaseProblem(endpoint);
        if (databaseProblem != null) {
            throw new ConnectException(databaseProblem);
        }
        boolean cluster = endpoint.isCluster();
        WriteMode mode = config.writeMode();
        TargetWriters writers = TargetWriters.open(endpoint, cluster, mode, config.commandTimeout(),
                config.stagingTtl());
        log.info("Writing to {}{} in {} mode", endpoint.describe(), cluster ? " (a Redis Cluster)" : "", mode.code());
        return new Target(writers, new RetryingWriter(writers.writer(), config.retryPolicy(), endpoint.describe()),
                new ReplicaWaiter(writers.writer(), config.waitReplicas(), config.waitTimeout(), config.retryPolicy(),
                        endpoint.describe()));
    }

    /**
     * The target, waiting for the next attempt to reach it when it has not answered yet. Connect gets the
     * batch back while it still does not answer, and delivers it again.
     */
    private Target awaitTarget() {
        Target opened = target.open();
        if (opened == null) {
            // No sleep here: Connect waits the timeout before it delivers the batch again, and can stop the
            // task meanwhile.
            throw new Redelivery("The target does not answer yet; the task keeps trying (see the warnings "
                    + "before this) and writes the batch once it answers", Math.max(1, target.millisToNextAttempt()));
        }
        return opened;
    }

    /**
     * Writes the batch. A transient failure that outlasts the retry policy hands the batch back to Connect (a
     * {@link RetriableException}), which delivers it again after the longest backoff: nothing is committed
     * past it, and the task never fails for an outage.
     */
    @Override
    public void put(Collection<SinkRecord> records) {
        // Records carry a key's full state, so only the last one of each key in a batch needs writing. The parts
        // of a big key before its last are not states: every one is written, in order, before the rest of the
        // batch, which may hold the last part that puts the assembled key in place. A part that follows a write
        // of its key in the batch (the last part of an earlier copy, say) waits until that write is done: the
        // first part of a copy starts its staging copy afresh.
        if (dryRun != null) {
            count(records);
            return;
        }
        if (records.isEmpty()) {
            target.open(); // Connect calls put() without records too: no WAIT for nothing written
            return;
        }
        long newestRead = 0;
        try {
            awaitThrottle();
            Target uriTarget = awaitTarget();
            Map<Integer, List<KeyWrite>> byDatabase = new LinkedHashMap<>();
            for (SinkRecord record : records) {
                if (record.timestamp() != null) {
                    newestRead = Math.max(newestRead, record.timestamp());
                }
                try {
                    RecordMeta meta = decoder.meta(record);
                    KeyWrite write = decoder.decode(record, meta);
                    if (write != null) {
                        byDatabase.computeIfAbsent(databases.targetOf(meta, endpoint.database()),
                                d -> new ArrayList<>()).add(write);
                    }
                } catch (DataException e) {
                    rejected.handle(record, null, e);
                }
            }
            for (Map.Entry<Integer, List<KeyWrite>> group : byDatabase.entrySet()) {
                Target writing = group.getKey() == endpoint.database() ? uriTarget : targetIn(group.getKey());
                writeInOrder(writing.writer(), group.getValue());
                writing.replicas().await();
            }
            metrics.batchWritten(newestRead);
        } catch (Redelivery e) {
            context.timeout(e.waitMillis);
            throw e;
        } catch (RetriableException e) {
            context.timeout(Math.max(1, redeliveryWait.toMillis()));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to the target; the batch will be written again", e);
        }
    }

    /**
     * One database's writes of the batch: the parts of big keys in order, the latest state of every other key
     * (see {@link #put}).
     */
    private void writeInOrder(RetryingWriter writer, List<KeyWrite> writes) throws InterruptedException {
        List<KeyWrite> parts = new ArrayList<>();
        Map<ByteBuffer, KeyWrite> latest = new LinkedHashMap<>();
        for (KeyWrite write : writes) {
            ByteBuffer key = ByteBuffer.wrap(write.key());
            if (!write.partBeforeLast()) {
                latest.put(key, write);
                continue;
            }
            if (latest.containsKey(key)) {
                write(writer, parts, latest);
            }
            parts.add(write);
        }
        write(writer, parts, latest);
    }

    /** The writers of another database than redis.uri's (redis.database.map), opened at its first record. */
    private Target targetIn(int database) {
        Target opened = otherDatabases.get(database);
        if (opened == null) {
            try {
                opened = open(config, endpoint.inDatabase(database));
            } catch (RedisException e) {
                if (!TransientErrors.isTransient(e)) {
                    throw new ConnectException("Cannot write to database " + database + " of the target: "
                            + ConnectionCheck.describe(e), e);
                }
                throw new Redelivery("Database " + database + " of the target does not answer yet: "
                        + e.getMessage(), Math.max(1, redeliveryWait.toMillis()));
            }
            otherDatabases.put(database, opened);
        }
        return opened;
    }

    /**
     * Waits until the writes already made are paid for. A wait longer than THROTTLE_WAIT (a very low limit beside
     * large batches) hands the batch back to Connect instead, to be delivered again then, so that the consumer
     * is never held past its poll interval; Connect logs such a redelivery at ERROR.
     */
    private void awaitThrottle() throws InterruptedException {
        long owed = throttle.millisToWait();
        if (owed <= 0) {
            return;
        }
        metrics.throttled(owed);
        if (owed > THROTTLE_WAIT.toMillis()) {
            throw new Redelivery("Held back by redis.throttle.writes.per.second for " + owed + " ms", owed);
        }
        Thread.sleep(owed); // the throttle's pace, not a synchronisation
    }

    /** Writes the parts gathered, then the latest state of each key, and empties both. */
    private void write(RetryingWriter writer, List<KeyWrite> parts, Map<ByteBuffer, KeyWrite> latest)
            throws InterruptedException {
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
        if (dryRun != null) {
            log.info("Dry run: this task would have written {}", dryRun.summary());
        }
        if (metrics != null) {
            metrics.close();
        }
        if (target != null && target.opened() != null) {
            target.opened().writers().close();
        }
        otherDatabases.values().forEach(other -> other.writers().close());
    }
}
