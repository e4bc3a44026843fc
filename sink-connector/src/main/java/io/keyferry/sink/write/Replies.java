package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** WAIT for replicas on a pipelining connection. */
final class Replies {
    private Replies() {
    }

    /** WAIT on a connection whose automatic flushing is off; the deadline allows the server its timeout. */
    static long waitForReplicas(StatefulRedisConnection<byte[], byte[]> connection, int replicas, Duration timeout,
                                Duration commandTimeout) throws InterruptedException {
        RedisFuture<Long> acknowledged = connection.async().waitForReplication(replicas, timeout.toMillis());
        connection.flushCommands();
        long deadline = System.nanoTime() + timeout.toNanos() + commandTimeout.toNanos();
        Throwable error = RedisFutures.errorOf(acknowledged, deadline);
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new IllegalStateException(error);
        }
        return acknowledged.toCompletableFuture().join();
    }
}
