package io.keyferry.common.config;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for the replies of pipelined commands, in one place: the way a synchronous call would fail (with the
 * Redis error itself, a timeout as {@link RedisCommandTimeoutException}), or with the error handed back.
 */
public final class RedisFutures {
    private RedisFutures() {
    }

    /** The reply, or its error thrown; for callers that pass an interruption on. */
    public static <T> T await(Future<T> future, Duration timeout) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms");
        }
    }

    /** As {@link #await}, for callers that cannot throw InterruptedException: the thread keeps its interrupt. */
    public static <T> T join(Future<T> future, Duration timeout) {
        return uninterruptibly(() -> await(future, timeout));
    }

    /** A wait of several replies, for callers that cannot throw InterruptedException, as {@link #join}. */
    public static <T> T uninterruptibly(Wait<T> wait) {
        try {
            return wait.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    /** Something that waits for replies and gives a result. */
    @FunctionalInterface
    public interface Wait<T> {
        T get() throws InterruptedException;
    }

    /**
     * @return null when the reply came by {@code deadlineNanos} (of {@link System#nanoTime()}) and was not an error,
     *     else the error (a timeout when none came in time, and the command is cancelled)
     */
    public static Throwable errorOf(Future<?> reply, long deadlineNanos) throws InterruptedException {
        try {
            reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            reply.cancel(true);
            return new RedisCommandTimeoutException("no reply in time");
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException runtime ? runtime : new RedisException(e.getCause());
    }
}
