package io.keyferry.source.replication;

import com.moilioncircle.redis.replicator.Configuration;
import com.moilioncircle.redis.replicator.RedisReplicator;
import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.cmd.CommandName;
import com.moilioncircle.redis.replicator.cmd.impl.DefaultCommand;
import com.moilioncircle.redis.replicator.cmd.impl.SelectCommand;
import com.moilioncircle.redis.replicator.cmd.parser.DefaultCommandParser;
import com.moilioncircle.redis.replicator.event.AbstractEvent;
import com.moilioncircle.redis.replicator.event.Event;
import com.moilioncircle.redis.replicator.event.PreCommandSyncEvent;
import com.moilioncircle.redis.replicator.event.PreRdbSyncEvent;
import com.moilioncircle.redis.replicator.rdb.dump.DumpRdbVisitor;
import com.moilioncircle.redis.replicator.rdb.dump.datatype.DumpKeyValuePair;
import io.keyferry.common.config.RedisEndpoint;
import io.keyferry.common.record.KeyState;
import io.keyferry.source.offset.ReplicationPosition;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task attached to its primary as a replica (redis-replicator does the protocol: PSYNC, the RDB, REPLCONF
 * ACK), on a thread of its own. What arrives is handed over in order through a bounded queue: when the task
 * falls behind, the link stops reading, and the primary holds the stream in its output buffer for this replica
 * (or drops the link past its limit; the link then continues by partial resync from what it handed over).
 */
final class ReplicationLink implements ReplicationCapture.StreamSource {
    private static final Logger log = LoggerFactory.getLogger(ReplicationLink.class);
    /** Events held between the link and the task: the back-pressure point. */
    private static final int QUEUE_CAPACITY = 10_000;
    /** Payload bytes of RDB keys held between the link and the task: many big values must not fill the heap. */
    private static final int QUEUE_BYTES = 64 << 20;
    /** Partial resyncs in a row at one place, each dropped before anything of the stream came, before a full sync. */
    private static final int STALLED_CONTINUES = 3;

    private final RedisEndpoint endpoint;
    private final String server;
    private final int database;
    private final CommandKeys keys;
    private final Duration retryInterval;
    /** Replaced by one that syncs in full when a partial resync cannot get through (see noticeStall). */
    private volatile Replicator replicator;
    private volatile boolean syncInFull;
    private final BlockingQueue<StreamEvent> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore bytes = new Semaphore(QUEUE_BYTES);
    private final Thread thread;
    private volatile boolean closing;
    private int streamDb;
    private boolean fullSync;
    private long continuedAt = -1;
    private int continuesAtOnePlace;

    /**
     * @param from where the stream continues (a partial resync), or null for a full sync
     * @param keys the keys of the server's commands: each command it names is parsed, so that none is passed over
     */
    ReplicationLink(RedisEndpoint endpoint, ReplicationPosition from, CommandKeys keys, Duration retryInterval) {
        this.endpoint = endpoint;
        this.server = endpoint.describe();
        this.database = endpoint.database();
        this.keys = keys;
        this.retryInterval = retryInterval;
        streamDb = from == null ? -1 : from.streamDb();
        replicator = replicator(from);
        thread = new Thread(this::run, "keyferry-replication-" + server);
        thread.setDaemon(true);
    }

    private Replicator replicator(ReplicationPosition from) {
        Configuration configuration = LinkSettings.of(endpoint)
                .setRetries(Integer.MAX_VALUE)
                .setRetryTimeInterval((int) retryInterval.toMillis())
                .setUseDefaultExceptionListener(false);
        if (from != null) {
            configuration.setReplId(from.replId()).setReplOffset(from.offset());
        }
        RedisURI uri = endpoint.uri();
        Replicator made = new RedisReplicator(uri.getHost(), uri.getPort(), configuration);
        made.setRdbVisitor(new DumpRdbVisitor(made));
        for (String command : keys.names()) {
            made.addCommandParser(CommandName.name(command), new DefaultCommandParser());
        }
        made.addEventListener(this::onEvent);
        made.addExceptionListener((source, failure, event) -> hand(new StreamEvent.Failed(
                failure instanceof Exception e ? e : new IllegalStateException(failure))));
        return made;
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                replicator.open();
                if (closing) {
                    return;
                }
                if (!syncInFull) {
                    hand(new StreamEvent.Failed(new IOException("the replication link to " + server + " closed")));
                    return;
                }
                syncInFull = false;
                replicator = replicator(null);
            }
        } catch (Exception | AssertionError e) {
            // redis-replicator reports a refused AUTH or PING as an AssertionError.
            if (!closing) {
                hand(new StreamEvent.Failed(e instanceof Exception exception ? exception
                        : new IllegalStateException(e.getMessage(), e)));
            }
        }
    }

    private void onEvent(Replicator source, Event event) {
        if (event instanceof PreRdbSyncEvent) {
            fullSync = true;
            streamDb = -1;
            hand(new StreamEvent.FullSync());
        } else if (event instanceof DumpKeyValuePair pair) {
            if (pair.getDb() != null && pair.getDb().getDbNumber() == database) {
                hand(new StreamEvent.RdbKey(state(pair)));
            }
        } else if (event instanceof PreCommandSyncEvent) {
            Configuration configuration = source.getConfiguration();
            if (fullSync && configuration.getReplStreamDB() >= 0) {
                streamDb = configuration.getReplStreamDB();
            }
            if (!fullSync && stalled(configuration.getReplOffset())) {
                syncInFull = true;
                closeReplicator(); // run() attaches again, for a full sync
                return;
            }
            hand(new StreamEvent.Streaming(position(configuration.getReplOffset()), !fullSync));
            fullSync = false;
        } else if (event instanceof SelectCommand select) {
            streamDb = select.getIndex();
        } else if (event instanceof DefaultCommand command) {
            continuedAt = -1; // the stream moves: a drop from here on continues elsewhere
            byte[][] whole = new byte[command.getArgs().length + 1][];
            whole[0] = command.getCommand();
            System.arraycopy(command.getArgs(), 0, whole, 1, command.getArgs().length);
            CommandKeys.Effect effect = keys.of(whole, streamDb);
            if (effect instanceof CommandKeys.Selected selected) {
                streamDb = selected.db();
            }
            long after = ((AbstractEvent) event).getContext().getOffsets().getV2();
            hand(new StreamEvent.Command(effect, position(after)));
        }
    }

    /**
     * Whether a server whose output buffer limit for replicas is under the gap drops the link as soon as it
     * continues, without end (Redis 6.2 applies the limit as set; 7.0 raises it to the backlog's size): a few such
     * partial resyncs at one place, and the link syncs in full, whose RDB does not pass through that buffer.
     */
    private boolean stalled(long offset) {
        continuesAtOnePlace = offset == continuedAt ? continuesAtOnePlace + 1 : 1;
        continuedAt = offset;
        if (continuesAtOnePlace < STALLED_CONTINUES) {
            return false;
        }
        log.warn("{} dropped the replication link {} times as soon as it continued at offset {}: the gap is more than "
                + "its output buffer limit for replicas lets through (client-output-buffer-limit replica; at least "
                + "repl-backlog-size lets such gaps continue); attaching again for a full sync", server,
                continuesAtOnePlace, offset);
        continuesAtOnePlace = 0;
        continuedAt = -1;
        return true;
    }

    private ReplicationPosition position(long offset) {
        return new ReplicationPosition(replicator.getConfiguration().getReplId(), offset, streamDb);
    }

    private KeyState state(DumpKeyValuePair pair) {
        Long expiresMs = pair.getExpiredMs();
        long expireAt = expiresMs == null ? KeyState.PERSISTENT : expiresMs;
        return new KeyState(pair.getKey(), RdbTypes.name(pair.getValueRdbType()), expireAt, pair.getValue(),
                database, System.currentTimeMillis());
    }

    /** Blocks while the task is behind: the back-pressure. */
    private void hand(StreamEvent event) {
        int size = bytesOf(event);
        try {
            while (!closing && !bytes.tryAcquire(size, 100, TimeUnit.MILLISECONDS)) {
                // the task is behind on big values; wait on
            }
            while (!closing && !events.offer(event, 100, TimeUnit.MILLISECONDS)) {
                // the task is behind; wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What an event holds against {@link #QUEUE_BYTES}: an RDB key's payload (one value alone may pass it). */
    private static int bytesOf(StreamEvent event) {
        return event instanceof StreamEvent.RdbKey rdb && rdb.state().dump() != null
                ? (int) Math.min(QUEUE_BYTES, rdb.state().dump().length) : 0;
    }

    @Override
    public List<StreamEvent> take(int max) {
        List<StreamEvent> taken = new ArrayList<>(Math.min(max, events.size()));
        events.drainTo(taken, max);
        bytes.release(taken.stream().mapToInt(ReplicationLink::bytesOf).sum());
        return taken;
    }

    @Override
    public void close() {
        closing = true;
        closeReplicator();
        thread.interrupt();
    }

    private void closeReplicator() {
        try {
            replicator.close();
        } catch (IOException e) {
            log.warn("Closing the replication link to {} failed: {}", server, e.getMessage());
        }
    }
}
