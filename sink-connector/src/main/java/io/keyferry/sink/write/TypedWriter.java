package io.keyferry.sink.write;

import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.value.DumpDecoder;
import io.keyferry.common.value.UndecodableValueException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes key states type by type: each key's commands (from {@link TypedCommandPlanner}) in one
 * MULTI/EXEC, so a reader of the target sees the old state or the new one, never half a key; the
 * transactions of a whole batch are pipelined. A DUMP payload is decoded first ({@link DumpDecoder}); one
 * that cannot be decoded fails that write only. Tombstones and expired states are a plain DEL.
 *
 * <p>MULTI state belongs to a connection, so this writer needs a connection of its own.
 */
public final class TypedWriter extends ConnectionWriter {
    private final TypedCommandPlanner planner;
    private final DumpDecoder decoder;

    /** @param connection a connection of its own: the writer turns its automatic flushing off to pipeline */
    public TypedWriter(StatefulRedisConnection<byte[], byte[]> connection, TargetFeatures target, DumpDecoder decoder,
                       Duration timeout) {
        super(connection, timeout);
        this.planner = new TypedCommandPlanner(target);
        this.decoder = decoder;
    }

    /** The replies of one key's write: the EXEC (or the single command) and every command inside it. */
    private record Sent(CompletableFuture<?> outcome, List<CompletableFuture<Void>> inner) {
    }

    @Override
    protected WriteSender sender(long now) {
        return write -> {
            Sent sent = send(write, now);
            return deadline -> outcome(sent, deadline);
        };
    }

    private Sent send(KeyWrite write, long now) {
        if (write.deletesAt(now)) {
            return new Sent(commands.del(write.key()).toCompletableFuture(), List.of());
        }
        List<WriteCommand> plan;
        try {
            plan = plan(write);
        } catch (UndecodableValueException e) {
            return new Sent(CompletableFuture.failedFuture(e), List.of());
        }
        if (plan.size() == 1) {
            return new Sent(dispatch(plan.get(0)), List.of());
        }
        commands.multi();
        List<CompletableFuture<Void>> inner = new ArrayList<>(plan.size());
        for (WriteCommand command : plan) {
            inner.add(dispatch(command));
        }
        CompletableFuture<TransactionResult> exec = commands.exec().toCompletableFuture();
        return new Sent(exec, inner);
    }

    /** The commands of a key's state, a DUMP payload decoded first; the parts of big keys go to a PartWriter. */
    private List<WriteCommand> plan(KeyWrite write) {
        if (write instanceof KeyWrite.Typed typed) {
            return planner.plan(typed.key(), typed.value(), typed.expireAt());
        }
        KeyWrite.Dump dump = (KeyWrite.Dump) write;
        return planner.plan(dump.key(), decoder.decode(dump.payload()), dump.expireAt());
    }

    private CompletableFuture<Void> dispatch(WriteCommand command) {
        return commands.dispatch(command.type(), new DiscardingOutput(), command.toArgs()).toCompletableFuture();
    }

    /**
     * The error of a key's write, or null. A command refused inside the transaction explains an aborted
     * EXEC (EXECABORT) better than EXEC's own answer, and keeps its class (an OOM stays transient); a
     * command that failed while EXEC ran means the key may be half written, so the write is failed and
     * will be retried or reported.
     */
    private static Throwable outcome(Sent sent, long deadline) throws InterruptedException {
        Throwable error = RedisFutures.errorOf(sent.outcome(), deadline);
        for (CompletableFuture<Void> command : sent.inner()) {
            if (command.isCompletedExceptionally()) {
                return RedisFutures.errorOf(command, deadline);
            }
        }
        return error;
    }
}
