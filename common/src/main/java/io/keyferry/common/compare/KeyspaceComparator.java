package io.keyferry.common.compare;

import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.record.StagingKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Compares the keyspace of a source and a target Redis: the oracle of the integration tests and the
 * {@code compare} command. Values are compared logically (what a client reads), since the target may run
 * another Redis version with other encodings; a key whose DUMP payloads serialize the value byte for byte
 * alike on both sides (their trailers aside) holds the same value, and is not read element by element.
 *
 * <p>Pass 1 scans the source and compares every key with the target; pass 2 scans the target to count
 * keys the source lacks, unless the key counts already prove there are none (see {@link #targetHoldsOnlySourceKeys}).
 * Both work in pipelined batches of {@link CompareOptions#batchSize()} keys and
 * hold one batch at a time. SCAN may return a key twice while Redis rehashes; such a key is counted twice.
 * A server is probed with one Lua script call per group of keys, see {@link ScriptedKeyProbes}; a cluster, or
 * a server that refuses the script, with a command per key and answer.
 *
 * <p>Either side may be a standalone server or a Redis Cluster: a cluster connection sends each key's
 * commands to the primary owning its slot (following MOVED and ASK) and its SCAN walks every primary in turn.
 * Keys of a slot that moves between primaries during the comparison may be seen twice or not at all, as
 * SCAN across nodes cannot promise more.
 *
 * <p>Use connections with {@link io.lettuce.core.codec.ByteArrayCodec} so binary keys and values survive.
 * Not thread safe: one {@link #compare()} at a time.
 */
public final class KeyspaceComparator {
    private final RedisClusterAsyncCommands<byte[], byte[]> source;
    private final RedisClusterAsyncCommands<byte[], byte[]> target;
    /** Kept from one {@link #compare()} to the next: they hold what they learnt of their server's scripting. */
    private final KeyProbes sourceProbes;
    private final KeyProbes targetProbes;
    private final CompareOptions options;
    private final DifferenceRules rules;
    private final Duration batchTimeout;
    private final BigValueComparison bigValues;

    /**
     * @param source a {@link StatefulRedisConnection} to a server or a {@link StatefulRedisClusterConnection}
     *               to a cluster; so is {@code target}
     */
    public KeyspaceComparator(StatefulConnection<byte[], byte[]> source,
                              StatefulConnection<byte[], byte[]> target,
                              CompareOptions options) {
        this.source = commands(source);
        this.target = commands(target);
        this.options = Objects.requireNonNull(options, "options");
        this.rules = new DifferenceRules(options.ttlToleranceMillis());
        this.batchTimeout = max(source.getTimeout(), target.getTimeout());
        this.sourceProbes = KeyProbes.of(source, this.source, batchTimeout, options.bigValueBytes());
        this.targetProbes = KeyProbes.of(target, this.target, batchTimeout, options.bigValueBytes());
        this.bigValues = new BigValueComparison(this.source, this.target, batchTimeout);
    }

    /** Standalone and cluster connections share no async interface but the one their commands come from. */
    private static RedisClusterAsyncCommands<byte[], byte[]> commands(StatefulConnection<byte[], byte[]> connection) {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        if (connection instanceof StatefulRedisConnection<byte[], byte[]> server) {
            return server.async();
        }
        throw new IllegalArgumentException("Cannot compare over a " + connection.getClass().getSimpleName()
                + ": give a connection to a server or to a cluster");
    }

    public ComparisonReport compare() {
        ComparisonTally tally = new ComparisonTally(options.maxExamples());
        OptionalLong sourceBefore = dbsize(source);
        OptionalLong targetBefore = dbsize(target);
        SourcePass pass = new SourcePass(tally);
        scanInBatches(source, pass::next);
        pass.finish();
        if (targetHoldsOnlySourceKeys(tally, sourceBefore, targetBefore)) {
            tally.targetKeys(targetBefore.getAsLong());
        } else {
            scanInBatches(target, keys -> countExtraKeys(keys, tally));
        }
        return tally.toReport();
    }

    /**
     * Whether pass 2 would find no extra key, told from DBSIZE on both sides before and after pass 1: the source's
     * scan met as many keys as the source holds, which did not change, so it met each once (SCAN returns every key
     * at least once, and more often only while keys come and go); and the target holds as many keys as pass 1 found
     * there, which did not change either, so each of its keys is one of the source's. A sampled or pattern-limited
     * comparison, staging keys of big keys on the target, a user who may not run DBSIZE, and in general keys written
     * or expired meanwhile make the counts differ or unknown, and pass 2 runs. Writes during the comparison whose
     * counts cancel out (a key deleted and another created on the target) can hide a key created meanwhile, as
     * pass 2's own scan can miss a key created behind its cursor: a comparison of databases that change is a
     * sample in time either way. Pass 2 costs a scan of the target and a TYPE of each key on both sides.
     */
    private boolean targetHoldsOnlySourceKeys(ComparisonTally tally, OptionalLong sourceBefore,
                                              OptionalLong targetBefore) {
        if (sourceBefore.isEmpty() || targetBefore.isEmpty() || tally.sourceKeys() != sourceBefore.getAsLong()
                || tally.inBothCount() != targetBefore.getAsLong()) {
            return false;
        }
        return dbsize(source).equals(sourceBefore) && dbsize(target).equals(targetBefore);
    }

    /** The server's (or, on a cluster, every primary's) key count; empty when it cannot be had. */
    private OptionalLong dbsize(RedisClusterAsyncCommands<byte[], byte[]> redis) {
        try {
            return OptionalLong.of(RedisFutures.join(redis.dbsize(), batchTimeout));
        } catch (RedisException unanswered) {
            // Refused (an ACL without DBSIZE) or not answered in time: pass 2 runs instead.
            return OptionalLong.empty();
        }
    }

    /** SCAN pages are gathered up to a full batch: with MATCH, pages can be nearly empty. */
    private void scanInBatches(RedisClusterAsyncCommands<byte[], byte[]> redis, Consumer<List<byte[]>> batchHandler) {
        ScanArgs args = ScanArgs.Builder.limit(options.batchSize());
        if (options.match() != null) {
            args.match(options.match());
        }
        List<byte[]> batch = new ArrayList<>();
        KeyScanCursor<byte[]> page;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            page = RedisFutures.join(redis.scan(cursor, args), batchTimeout);
            for (byte[] key : page.getKeys()) {
                if (options.sampled(key)) {
                    batch.add(key);
                }
            }
            if (batch.size() >= options.batchSize()) {
                batchHandler.accept(batch);
                batch = new ArrayList<>();
            }
            cursor = page;
        } while (!page.isFinished());
        if (!batch.isEmpty()) {
            batchHandler.accept(batch);
        }
    }

    /** A batch of pass 1 whose probes are sent, on both sides. */
    private record ProbedBatch(List<byte[]> keys, KeyProbes.Replies<KeyProbe> source,
                               KeyProbes.Replies<KeyProbe> target) {
    }

    /**
     * Pass 1 with two batches in flight: a batch's probes go out before the replies of the batch before it are
     * compared, so the servers probe while the comparator compares.
     */
    private final class SourcePass {
        private final ComparisonTally tally;
        private ProbedBatch previous;

        SourcePass(ComparisonTally tally) {
            this.tally = tally;
        }

        void next(List<byte[]> keys) {
            ProbedBatch sent = new ProbedBatch(keys, sourceProbes.probe(keys), targetProbes.probe(keys));
            finish();
            previous = sent;
        }

        void finish() {
            if (previous != null) {
                compareWithTarget(previous, tally);
                previous = null;
            }
        }
    }

    /**
     * Pass 1 for one batch: TYPE, PTTL and DUMP on both sides, then the values of keys whose types match but
     * whose payloads differ.
     */
    private void compareWithTarget(ProbedBatch batch, ComparisonTally tally) {
        List<byte[]> keys = batch.keys();
        List<KeyProbe> inSource = batch.source().await();
        List<KeyProbe> inTarget = batch.target().await();

        PipelinedBatch reads = new PipelinedBatch(batchTimeout);
        List<PendingValues> pending = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            KeyProbe sourceProbe = inSource.get(i);
            KeyProbe targetProbe = inTarget.get(i);
            if (!sourceProbe.exists()) {
                continue; // deleted or expired since SCAN returned it: nothing to migrate
            }
            tally.sourceKey();
            if (targetProbe.exists()) {
                tally.inBoth();
            }
            Optional<Difference> presence = rules.presence(key, sourceProbe, targetProbe);
            Optional<ValueReader> reader = ValueReaders.forType(sourceProbe.type());
            if (presence.isPresent()) {
                tally.difference(presence.get());
            } else if ((sourceProbe.big() || targetProbe.big()) && reader.isPresent()) {
                bigValues.difference(key, sourceProbe.type())
                        .map(detail -> new Difference(DifferenceKind.VALUE, key, detail))
                        .or(() -> rules.ttl(key, sourceProbe, targetProbe)).ifPresent(tally::difference);
            } else if (sourceProbe.sameSerializedValue(targetProbe)) {
                rules.ttl(key, sourceProbe, targetProbe).ifPresent(tally::difference);
            } else if (reader.isPresent()) {
                pending.add(new PendingValues(key, sourceProbe, targetProbe,
                        reads.add(reader.get().read(source, key)), reads.add(reader.get().read(target, key))));
            } else {
                tally.valueNotCompared();
                rules.ttl(key, sourceProbe, targetProbe).ifPresent(tally::difference);
            }
        }
        reads.await();
        for (PendingValues values : pending) {
            rules.value(values.key(), values.source().join(), values.target().join())
                    .or(() -> rules.ttl(values.key(), values.sourceProbe(), values.targetProbe()))
                    .ifPresent(tally::difference);
        }
    }

    /**
     * Pass 2 for one batch of target keys: TYPE on both sides, the source's telling whether it has the key
     * (as EXISTS would), the target's for the detail. The sink's staging keys of big keys ({@link StagingKeys})
     * are its own bookkeeping, which expires by itself: they are neither counted nor extra.
     */
    private void countExtraKeys(List<byte[]> all, ComparisonTally tally) {
        List<byte[]> keys = all.stream().filter(key -> !StagingKeys.isStagingKey(key)).toList();
        KeyProbes.Replies<String> sourceReplies = sourceProbes.types(keys);
        KeyProbes.Replies<String> targetReplies = targetProbes.types(keys);
        List<String> sourceTypes = sourceReplies.await();
        List<String> targetTypes = targetReplies.await();
        for (int i = 0; i < keys.size(); i++) {
            String targetType = targetTypes.get(i);
            if (KeyProbe.NONE.equals(targetType)) {
                continue; // vanished from the target since SCAN returned it
            }
            tally.targetKey();
            boolean inSource = !KeyProbe.NONE.equals(sourceTypes.get(i));
            rules.extra(keys.get(i), inSource, targetType).ifPresent(tally::difference);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A key with the same type on both sides whose values are being read. */
    private record PendingValues(byte[] key, KeyProbe sourceProbe, KeyProbe targetProbe,
                                 CompletableFuture<LogicalValue> source, CompletableFuture<LogicalValue> target) {
    }
}
