package io.keyferry.source.read;

import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.read.KeyStateScript;
import io.keyferry.common.read.KeyStateScript.Call;
import io.keyferry.common.read.KeyStateScript.Reading;
import io.keyferry.common.record.KeyState;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the full state of keys: TYPE, absolute expiry and DUMP of a key in one Lua script call
 * ({@link KeyStateScript}, reading {@link Reading#STATE}), so the three belong to the same moment (a key cannot
 * expire or change between them). A script call reads a small group of keys, and the calls of a batch are
 * pipelined: sent together, then awaited together. A key that is gone by the time it is read comes back as
 * {@link KeyState#gone}, never as an error.
 */
public final class KeyStateReader implements KeyReads {
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final int database;
    private final Duration timeout;
    private final KeyStateScript script;

    /** @param connection a connection of its own: the reader turns its automatic flushing off to pipeline */
    public KeyStateReader(StatefulRedisConnection<byte[], byte[]> connection, int database, Duration timeout) {
        this(connection, database, timeout, false, -1);
    }

    /**
     * @param payloadLimit the longest payload read, key included: a key over it comes back
     *                     {@linkplain KeyState#oversized() oversized}; -1 for no limit
     */
    public KeyStateReader(StatefulRedisConnection<byte[], byte[]> connection, int database, Duration timeout,
                          long payloadLimit) {
        this(connection, database, timeout, false, payloadLimit);
    }

    private KeyStateReader(StatefulRedisConnection<byte[], byte[]> connection, int database, Duration timeout,
                           boolean clusterNode, long payloadLimit) {
        this.connection = connection;
        this.commands = connection.async();
        this.database = database;
        this.timeout = timeout;
        this.script = clusterNode ? KeyStateScript.forClusterNode(connection, timeout, payloadLimit)
                : KeyStateScript.forServer(connection, timeout, payloadLimit);
        connection.setAutoFlushCommands(false);
    }

    /** A reader of the keys one Redis Cluster node holds, whatever their slots. */
    public static KeyStateReader forClusterNode(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout,
                                                long payloadLimit) {
        return new KeyStateReader(connection, 0, timeout, true, payloadLimit);
    }

    @Override
    public PendingRead submit(List<byte[]> keys) throws InterruptedException {
        if (!script.loaded() && !keys.isEmpty()) {
            script.load();
        }
        return new PendingRead(keys, script.send(Reading.STATE, keys));
    }

    /** Reads sent and not yet collected. */
    public final class PendingRead implements Pending {
        private final List<byte[]> keys;
        private final List<Call> calls;

        private PendingRead(List<byte[]> keys, List<Call> calls) {
            this.keys = keys;
            this.calls = calls;
        }

        @Override
        public List<byte[]> keys() {
            return keys;
        }

        /**
         * Waits for the states, one per key, in the order they were read: the order of the keys, except that
         * the keys after a call that stopped at its byte budget are read again by a call of their own, after
         * the calls already sent, and come last. A key given twice thus keeps the order of its reads.
         */
        @Override
        public List<KeyState> collect() throws InterruptedException {
            try {
                return receive(keys.size(), calls);
            } catch (RedisNoScriptException e) {
                // The server lost its script cache (restart, failover, SCRIPT FLUSH): load it again, once.
                script.load();
                return receive(keys.size(), script.send(Reading.STATE, keys));
            }
        }
    }

    /**
     * The keys that do not exist now, with pipelined EXISTS, or with {@code type} set, those not of that type now
     * (pipelined TYPE): their state is "gone", read at that moment.
     */
    @Override
    public List<KeyState> absent(List<byte[]> keys, String type) throws InterruptedException {
        List<RedisFuture<?>> replies = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            replies.add(type.isEmpty() ? commands.exists(key) : commands.type(key));
        }
        connection.flushCommands();
        List<KeyState> gone = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Object reply = await(replies.get(i));
            if (type.isEmpty() ? Long.valueOf(0).equals(reply) : !type.equals(reply)) {
                gone.add(KeyState.gone(keys.get(i), database, System.currentTimeMillis()));
            }
        }
        return gone;
    }

    private List<KeyState> receive(int keyCount, List<Call> sent) throws InterruptedException {
        List<KeyState> states = new ArrayList<>(keyCount);
        Deque<Call> calls = new ArrayDeque<>(sent);
        while (!calls.isEmpty()) {
            Call call = calls.poll();
            List<KeyStateScript.Answer> answers = KeyStateScript.answers(await(call.reply()));
            long readTime = System.currentTimeMillis();
            for (int i = 0; i < answers.size(); i++) {
                states.add(toState(call.keys().get(i), answers.get(i), database, readTime));
            }
            if (answers.size() < call.keys().size()) {
                // The call stopped at its byte budget: the rest of its group goes in a call of its own, behind
                // every call sent so far, so the states still come in the order of their reads.
                calls.addAll(script.send(Reading.STATE, call.keys().subList(answers.size(), call.keys().size())));
            }
        }
        return states;
    }

    /** The state a script answer tells: gone, oversized (its size in place of its payload), or read whole. */
    static KeyState toState(byte[] key, KeyStateScript.Answer answer, int database, long readTime) {
        if (KeyState.NONE.equals(answer.type())) {
            return KeyState.gone(key, database, readTime);
        }
        long expireAt = answer.expiry() < 0 ? KeyState.PERSISTENT : answer.expiry();
        if (answer.overLimit()) {
            return KeyState.oversized(key, answer.type(), expireAt, answer.size(), database, readTime);
        }
        return new KeyState(key, answer.type(), expireAt, answer.payload(), database, readTime);
    }

    private <T> T await(RedisFuture<T> future) throws InterruptedException {
        return RedisFutures.await(future, timeout);
    }
}
