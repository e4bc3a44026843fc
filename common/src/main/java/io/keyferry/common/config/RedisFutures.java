package io.keyferry.common.config;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for the reply of a pipelined command the way a synchronous call would fail: with the Redis error itself. */
public final class RedisFutures {
    private RedisFutures() {
    }

    public static <T> T await(RedisFuture<T> future, Duration timeout) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms");
        }
    }
}
