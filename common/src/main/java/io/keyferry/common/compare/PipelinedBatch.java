package io.keyferry.common.compare;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Async commands issued one after the other and awaited together: a batch of keys costs about one round
 * trip instead of one per key.
 */
final class PipelinedBatch {
    private final Duration timeout;
    private final List<CompletableFuture<?>> commands = new ArrayList<>();

    PipelinedBatch(Duration timeout) {
        this.timeout = timeout;
    }

    /** Adds an already issued command; the returned future can be joined without blocking after {@link #await()}. */
    <T> CompletableFuture<T> add(CompletionStage<T> command) {
        CompletableFuture<T> future = command.toCompletableFuture();
        commands.add(future);
        return future;
    }

    /** Waits for every command of the batch; the first failure is rethrown. */
    void await() {
        awaitOne(CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)), timeout);
    }

    static <T> T awaitOne(Future<T> command, Duration timeout) {
        try {
            return command.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new RedisException(cause);
        }
    }
}
