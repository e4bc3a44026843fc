package io.keyferry.sink.write;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for pipelined replies against one deadline for the whole batch. */
final class Replies {
    private Replies() {
    }

    /** @return null when the reply came and was not an error, else the error (a timeout when none came in time) */
    static Throwable awaitError(Future<?> reply, long deadlineNanos) throws InterruptedException {
        try {
            reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            reply.cancel(true);
            return new RedisCommandTimeoutException("no reply from the target in time");
        }
    }

    /** WAIT on a connection whose automatic flushing is off; the deadline allows the server its timeout. */
    static long waitForReplicas(StatefulRedisConnection<byte[], byte[]> connection, int replicas, Duration timeout,
                                Duration commandTimeout) throws InterruptedException {
        RedisFuture<Long> acknowledged = connection.async().waitForReplication(replicas, timeout.toMillis());
        connection.flushCommands();
        long deadline = System.nanoTime() + timeout.toNanos() + commandTimeout.toNanos();
        Throwable error = awaitError(acknowledged, deadline);
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new IllegalStateException(error);
        }
        return acknowledged.toCompletableFuture().join();
    }
}
