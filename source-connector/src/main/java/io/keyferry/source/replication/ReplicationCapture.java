package io.keyferry.source.replication;

import io.keyferry.common.config.ErrorReply;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.record.KeySelection;
import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.Operation;
import io.keyferry.source.offset.ReplicationPosition;
import io.keyferry.source.topology.SourceLane;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane's capture through the replication protocol: the keys of the RDB become records as they arrive; the
 * keys each command wrote are gathered over a batch of the stream and read (their full state, now) together.
 * Every record of a batch carries the place before the batch but the last, which carries the place after it, so
 * a restarted task continues the stream (PSYNC) where nothing of the topic is missing. Commands that empty or
 * swap the database ask for a resync; a full sync after a restart asks for a sweep of keys deleted meanwhile.
 */
public final class ReplicationCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicationCapture.class);
    private static final int EVENTS_PER_STEP = 5_000;
    /** Payload bytes of RDB keys one step emits at most: a poll's records stay a bounded part of the heap. */
    private static final long BYTES_PER_STEP = 16 << 20;

    /** Where the stream's events come from: the replication link. */
    interface StreamSource {
        /** The events waiting, at most {@code max}, in order. */
        List<StreamEvent> take(int max);

        void close();
    }

    /**
     * Where a written key is read: at the lane whose stream wrote it, or, once its slot has moved to another node
     * (a resharding, a failover), through the change queue, which reads it at the node holding it now.
     */
    public interface KeyRoute {
        boolean readsHere(byte[] key);

        /** Hands the key to the lane that holds it now, read later: the stream's place waits for it. */
        void elsewhere(byte[] key);
    }

    /** What the stream asks of the coordinator: a resync (rescan and sweep), or only a sweep. */
    public record Notice(String reason, boolean rescan) {
    }

    /** Counts what a capture does, for the task's metrics. */
    public interface Counters {
        void fullSync();

        void partialResync();

        void commands(long count);
    }

    private final StreamSource link;
    private final String server;
    private final int database;
    private final KeySelection selection;
    private final boolean copiesRdb;
    private final long payloadLimit;
    private final Counters counters;
    private boolean sweepAfterFullSync;
    private boolean loading;
    private byte[] lastRdbKey;
    private ReplicationPosition position;
    /**
     * Whether records carry {@link #cappedAt} instead of their own places: while keys wait to be read outside the
     * batches, or a resync runs, a restart must come back to before the writes those are for.
     */
    private boolean capped;
    private ReplicationPosition cappedAt;
    private List<StreamEvent> pending;

    /**
     * @param from where the stream continues, or null for a first sync
     * @param copiesRdb whether the RDB's keys are copied (live) or passed over (liveonly)
     * @param restarted whether the task ran before: a full sync then needs a sweep for keys deleted meanwhile
     */
    ReplicationCapture(StreamSource link, String server, int database, KeySelection selection,
                       ReplicationPosition from, boolean copiesRdb, long payloadLimit, boolean restarted,
                       Counters counters) {
        this.link = link;
        this.server = server;
        this.database = database;
        this.selection = selection;
        this.position = from;
        this.copiesRdb = copiesRdb;
        this.payloadLimit = payloadLimit;
        this.sweepAfterFullSync = restarted;
        this.counters = counters;
    }

    /**
     * Attaches to {@code endpoint} as a replica and starts following its stream.
     *
     * @param commands a connection of the capture's own, to read the server's command table and ask it for keys
     * @param payloadLimit the longest payload of one record, key included; -1 for none
     * @param retryInterval the wait between two attempts to reach the server again (redis-replicator retries at
     *                      a fixed interval, and logs each failure)
     */
    public static ReplicationCapture open(RedisEndpoint endpoint, StatefulRedisConnection<byte[], byte[]> commands,
                                          ReplicationPosition from, KeySelection selection, boolean copiesRdb,
                                          long payloadLimit, boolean restarted, Duration retryInterval,
                                          Counters counters) {
        refuseWithoutAccess(endpoint);
        ReplicationLink link = new ReplicationLink(endpoint, from, ServerCommands.read(commands), retryInterval);
        ReplicationCapture capture = new ReplicationCapture(link, endpoint.describe(), endpoint.database(), selection,
                from, copiesRdb, payloadLimit, restarted, counters);
        link.start();
        return capture;
    }

    /**
     * Fails the task when the server refuses the user PSYNC: redis-replicator would retry without end. A server
     * that does not answer is waited for by the link.
     */
    private static void refuseWithoutAccess(RedisEndpoint endpoint) {
        String refusal;
        try {
            refusal = ReplicationAccess.refusal(endpoint);
        } catch (IOException unreachable) {
            log.warn("{} did not answer while its replication access was checked ({}); the link waits for it",
                    endpoint.describe(), unreachable.getMessage());
            return;
        }
        if (refusal != null) {
            throw new ConnectException(refusal);
        }
    }

    /** Where the topic stands in the stream; null before the first sync. */
    public ReplicationPosition position() {
        return position;
    }

    /**
     * Turns the next batch of the stream into records. When the reads fail, the batch stays, and the next call
     * reads it again: nothing moves past keys not yet in the topic. Some work is done outside the batches: a key
     * whose change waits for the copy of its big key is read later, and a resync (rescan, sweep) runs over several
     * polls. Until that is done, records carry the place before the batch that caused it, so that a restart in
     * between replays that batch (and what it asked for) rather than continuing past it.
     *
     * @param catchingUp whether the coordinator still has such work: keys in the change queue, a rescan or a sweep
     * @return what the stream asks of the coordinator, or null
     */
    public Notice step(SourceLane lane, List<SourceRecord> records, boolean catchingUp, KeyRoute route)
            throws InterruptedException {
        if (pending == null) {
            pending = link.take(EVENTS_PER_STEP);
        }
        if (capped && !catchingUp && !lane.holdsChanges()) {
            capped = false; // what it waited for is in the topic, in records before this step's
        } else if (catchingUp) {
            capAt(position);
        }
        ReplicationPosition start = position;
        ReplicationPosition end = position;
        Set<ByteBuffer> written = new LinkedHashSet<>();
        Notice notice = null;
        int used = 0;
        long commands = 0;
        int fullSyncs = 0;
        int partialResyncs = 0;
        boolean wasLoading = loading;
        long emittedBytes = 0;
        for (StreamEvent event : pending) {
            if (emittedBytes >= BYTES_PER_STEP) {
                break; // the rest waits for the next poll
            }
            used++;
            if (event instanceof StreamEvent.FullSync) {
                loading = copiesRdb;
                log.info("{} sends a full copy of its dataset{}", server, sweepAfterFullSync
                        ? ": the stream could not continue where this task stood, keys deleted meanwhile are swept"
                        : "");
                fullSyncs++;
            } else if (event instanceof StreamEvent.RdbKey rdb && copiesRdb) {
                KeyState state = rdb.state();
                if (selection.acceptsName(state.key())
                        && (state.type() == null || selection.acceptsType(state.type()))) {
                    lastRdbKey = state.key();
                    if (state.type() == null || !fits(state)) {
                        // A module's type, or a key too big for one record: read from the server (in parts).
                        written.add(ByteBuffer.wrap(state.key()));
                    } else {
                        lane.stream(start, true);
                        lane.emit(state, Operation.SNAPSHOT, records);
                        emittedBytes += state.dump().length;
                    }
                }
            } else if (event instanceof StreamEvent.Streaming streaming) {
                end = streaming.at();
                if (loading && lastRdbKey != null) {
                    written.add(ByteBuffer.wrap(lastRdbKey)); // read again to carry the place after the RDB
                }
                loading = false;
                log.info("Following the replication stream of {} from offset {}{}", server, end.offset(),
                        streaming.partial() ? " (partial resync: nothing is copied again)" : "");
                partialResyncs += streaming.partial() ? 1 : 0;
                if (!streaming.partial() && sweepAfterFullSync) {
                    notice = new Notice("a full sync of " + server + " replaced the copy of its keys", false);
                    capAt(start); // a restart before the sweep ends syncs in full, and sweeps, again
                }
                sweepAfterFullSync = true;
            } else if (event instanceof StreamEvent.Command command) {
                end = command.after();
                commands++;
                if (command.effect() instanceof CommandKeys.Wrote wrote) {
                    wrote.keys().stream().filter(key -> key.db() == database && selection.acceptsName(key.key()))
                            .forEach(key -> written.add(ByteBuffer.wrap(key.key())));
                } else if (command.effect() instanceof CommandKeys.Replaced replaced
                        && (replaced.dbs().isEmpty() || replaced.dbs().contains(database))) {
                    notice = new Notice(replaced.command() + " in the replication stream of " + server, true);
                    capAt(start);
                    break; // the resync starts here: what follows is read after it
                }
            } else if (event instanceof StreamEvent.Failed failed) {
                throw new ConnectException("The replication link to " + server + " failed: " + failed.cause(),
                        failed.cause());
            }
        }
        List<byte[]> keys = new ArrayList<>(written.size());
        long now = System.currentTimeMillis();
        for (ByteBuffer key : written) {
            if (!route.readsHere(key.array())) {
                route.elsewhere(key.array());
                capAt(start);
            } else if (!lane.holdsBack(key.array(), now)) {
                keys.add(key.array());
            } else {
                capAt(start);
            }
        }
        ReplicationPosition carriedStart = capped ? cappedAt : start;
        ReplicationPosition carriedEnd = capped ? cappedAt : end;
        List<KeyState> states;
        try {
            states = keys.isEmpty() ? List.of() : lane.reads().read(keys);
        } catch (RuntimeException e) {
            if (!ErrorReply.isRedirect(e)) {
                loading = wasLoading;
                throw e;
            }
            // A slot of these keys is moving away: they are read where it goes, and the place waits for them.
            keys.forEach(route::elsewhere);
            states = List.of();
            capAt(start);
            carriedStart = cappedAt;
            carriedEnd = cappedAt;
        }
        try {
            for (int i = 0; i < states.size(); i++) {
                lane.stream(i == states.size() - 1 ? carriedEnd : carriedStart, loading);
                KeyState state = states.get(i);
                // A key whose type left the selection is no longer the source's to copy: its copy is deleted.
                lane.emit(!state.exists() || selection.acceptsType(state.type()) ? state
                        : KeyState.gone(state.key(), state.database(), state.readTime()), Operation.CHANGE, records);
            }
        } catch (RuntimeException e) {
            loading = wasLoading;
            throw e;
        }
        position = end;
        lane.stream(carriedEnd, loading);
        pending = used < pending.size() ? new ArrayList<>(pending.subList(used, pending.size())) : null;
        // Counted once the batch is in the records: a step whose reads failed runs again, whole.
        counters.commands(commands);
        for (int i = 0; i < fullSyncs; i++) {
            counters.fullSync();
        }
        for (int i = 0; i < partialResyncs; i++) {
            counters.partialResync();
        }
        return notice;
    }

    /** Caps the places records carry at {@code at}, unless they are capped already (at an earlier place). */
    private void capAt(ReplicationPosition at) {
        if (!capped) {
            capped = true;
            cappedAt = at;
        }
    }

    private boolean fits(KeyState state) {
        return payloadLimit < 0 || (long) state.key().length + state.dump().length <= payloadLimit;
    }

    @Override
    public void close() {
        link.close();
    }
}
