package io.keyferry.common.compare;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Probes with one command per key and answer, pipelined: works on any deployment, and on a cluster each
 * command goes to the primary owning its key's slot.
 */
final class PerCommandKeyProbes implements KeyProbes {
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final Duration timeout;
    private final long bigValueBytes;

    PerCommandKeyProbes(RedisClusterAsyncCommands<byte[], byte[]> redis, Duration timeout, long bigValueBytes) {
        this.redis = redis;
        this.timeout = timeout;
        this.bigValueBytes = bigValueBytes;
    }

    @Override
    public Replies<KeyProbe> probe(List<byte[]> keys) {
        return send(keys, this::probe);
    }

    @Override
    public Replies<String> types(List<byte[]> keys) {
        return send(keys, redis::type);
    }

    private <T> Replies<T> send(List<byte[]> keys, Function<byte[], CompletionStage<T>> command) {
        PipelinedBatch batch = new PipelinedBatch(timeout);
        List<CompletableFuture<T>> replies = keys.stream().map(key -> batch.add(command.apply(key))).toList();
        return () -> {
            batch.await();
            return replies.stream().map(CompletableFuture::join).toList();
        };
    }

    /**
     * A refused DUMP (an ACL without it) gives a null dump, as for a key that does not exist. A key whose MEMORY
     * USAGE is over {@link CompareOptions#bigValueBytes()} is not dumped (a refused MEMORY reads every key's DUMP).
     */
    private CompletableFuture<KeyProbe> probe(byte[] key) {
        CompletableFuture<String> type = redis.type(key).toCompletableFuture();
        CompletableFuture<Long> pttl = redis.pttl(key).toCompletableFuture();
        CompletableFuture<Long> size = redis.memoryUsage(key).toCompletableFuture().exceptionally(refused -> null);
        CompletableFuture<byte[]> dump = size.thenCompose(bytes -> bytes != null && bytes > bigValueBytes
                ? CompletableFuture.completedFuture(null)
                : redis.dump(key).toCompletableFuture().exceptionally(refused -> null));
        return type.thenCombine(pttl, (t, p) -> new KeyProbe(t, p, null))
                .thenCombine(size, (probe, bytes) -> new KeyProbe(probe.type(), probe.pttl(), null,
                        bytes != null && bytes > bigValueBytes))
                .thenCombine(dump, (probe, d) -> new KeyProbe(probe.type(), probe.pttl(), d, probe.big()));
    }
}
