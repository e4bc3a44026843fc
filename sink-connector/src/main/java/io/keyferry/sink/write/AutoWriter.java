package io.keyferry.sink.write;

import io.keyferry.common.config.ConnectionCheck;
import io.keyferry.common.record.DumpPayload;
import io.keyferry.common.value.UndecodableValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code redis.write.mode=auto}: RESTORE first, and typed writes for what the target cannot RESTORE (a
 * payload of a newer RDB version, an encoding it does not know, a target without RESTORE), decided by a
 * {@link FallbackDecider}. Struct records always go to the typed writer, tombstones to the RESTORE writer (a
 * DEL either way). Each reason is logged once at WARN; every record written type by type because of a rejection
 * counts as a fallback.
 */
public final class AutoWriter implements KeyWriter {
    private static final Logger log = LoggerFactory.getLogger(AutoWriter.class);

    private final KeyWriter restore;
    private final KeyWriter typed;
    private final FallbackDecider decider = new FallbackDecider();
    private final String target;
    private final AtomicLong fallbacks = new AtomicLong();

    /**
     * @param restore a {@link RestoreWriter}, or a {@link NodeRouter} of them for a cluster
     * @param typed   a {@link TypedWriter}, or a {@link NodeRouter} of them, on connections of its own
     */
    public AutoWriter(KeyWriter restore, KeyWriter typed, String target) {
        this.restore = restore;
        this.typed = typed;
        this.target = target;
    }

    /** Records written type by type because the target rejected (or had rejected) their RESTORE. */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** A write bound for the typed writer, with the RESTORE answer that sent it there (null if none). */
    private record Rerouted(KeyWrite write, Throwable restoreError, boolean fallback) {
    }

    @Override
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        List<KeyWrite> toRestore = new ArrayList<>();
        List<Rerouted> toTyped = new ArrayList<>();
        for (KeyWrite write : writes) {
            if (write instanceof KeyWrite.Typed) {
                toTyped.add(new Rerouted(write, null, false));
            } else if (write instanceof KeyWrite.Dump dump && decider.skipsRestore(dump.payload())) {
                toTyped.add(new Rerouted(write, null, true));
            } else {
                toRestore.add(write);
            }
        }
        List<FailedWrite> failed = new ArrayList<>();
        for (FailedWrite failure : restore.write(toRestore)) {
            Optional<FallbackDecider.Reason> reason = FallbackDecider.reason(failure.error());
            if (reason.isEmpty() || !(failure.write() instanceof KeyWrite.Dump rejected)) {
                failed.add(failure);
            } else if (!FallbackDecider.fallbackAllowed(reason.get(), rejected.payload())) {
                failed.add(new FailedWrite(failure.write(), new UndecodableValueException(
                        describe(failure.error()) + "; the payload's CRC64 checksum does not match its content: "
                                + "the payload is corrupt")));
            } else {
                if (decider.learn(reason.get(), rejected.payload())) {
                    log.warn("{} rejected RESTORE of a payload of RDB version {} ({}: {}); this task writes such "
                            + "records type by type from now on (redis.write.mode=auto), counted in the fallbacks "
                            + "metric", target, DumpPayload.rdbVersion(rejected.payload()), reason.get().description(),
                            ConnectionCheck.describe(failure.error()));
                }
                toTyped.add(new Rerouted(failure.write(), failure.error(), true));
            }
        }
        failed.addAll(writeTyped(toTyped));
        return failed;
    }

    private List<FailedWrite> writeTyped(List<Rerouted> rerouted) throws InterruptedException {
        Map<KeyWrite, Rerouted> routes = new IdentityHashMap<>();
        rerouted.forEach(route -> routes.put(route.write(), route));
        List<FailedWrite> explained = new ArrayList<>();
        for (FailedWrite failure : typed.write(rerouted.stream().map(Rerouted::write).toList())) {
            Throwable restoreError = routes.remove(failure.write()).restoreError();
            // A payload the target rejected and the decoder cannot read: say both in one message (no cause
            // attached, which the log would repeat), the record's fate is sealed.
            explained.add(restoreError != null && failure.error() instanceof UndecodableValueException
                    ? new FailedWrite(failure.write(), new UndecodableValueException(describe(restoreError)
                            + ", and it cannot be written type by type either: " + failure.error().getMessage()))
                    : failure);
        }
        fallbacks.addAndGet(routes.values().stream().filter(Rerouted::fallback).count());
        return explained;
    }

    private static String describe(Throwable restoreError) {
        return "the target rejected RESTORE (" + ConnectionCheck.describe(restoreError) + ")";
    }

    @Override
    public long waitForReplicas(int replicas, Duration timeout) throws InterruptedException {
        return Math.min(restore.waitForReplicas(replicas, timeout), typed.waitForReplicas(replicas, timeout));
    }

    @Override
    public void close() {
        restore.close();
        typed.close();
    }
}
