package io.keyferry.common.compare;

import io.keyferry.common.config.RedisFutures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
        RedisFutures.join(CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)), timeout);
    }
}
