package io.keyferry.source.read;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the full state of keys: TYPE, absolute expiry and DUMP of a key in one Lua script, so the three
 * belong to the same moment (a key cannot expire or change between them). A script call reads a small
 * group of keys, and the calls of a batch are pipelined: sent together, then awaited together. A key that is gone by the time it is read comes back
 * as {@link KeyState#gone}, never as an error.
 */
public final class KeyStateReader implements KeyReads {
    // PEXPIRETIME (Redis 7) gives the exact absolute expiry; older servers get TIME + PTTL, exact to the ms.
    // One call reads a group of keys: three replies per key, an empty payload for a key that is gone. A call
    // stops once its payloads pass BYTES_PER_CALL, so big keys do not hold the server long: the caller reads
    // the rest of the group in a call of its own. The first key is always read.
    // A key whose payload would pass the limit (ARGV[1], -1 for none) comes back with its size in place of
    // the payload: a string's length, another type's MEMORY USAGE (its DUMP's length where MEMORY is refused
    // or underestimates), so no payload over the limit ever reaches the client.
    private static final int BYTES_PER_CALL = 1 << 20;
    private static final String SCRIPT = String.join("\n",
            "local keys = KEYS",
            "local limit = tonumber(ARGV[1])",
            "local out = {}",
            "local now = nil",
            "local size = 0",
            "for i, key in ipairs(keys) do",
            "  if size >= " + BYTES_PER_CALL + " then break end",
            "  local t = redis.call('TYPE', key)['ok']",
            "  if t == 'none' then",
            "    out[#out + 1] = t; out[#out + 1] = -2; out[#out + 1] = ''",
            "  else",
            "    local ok, at = pcall(redis.call, 'PEXPIRETIME', key)",
            "    if not ok then",
            "      at = redis.call('PTTL', key)",
            "      if at >= 0 then",
            "        now = now or redis.call('TIME')",
            "        at = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + at",
            "      end",
            "    end",
            "    local room = limit - #key",
            "    local estimate = 0",
            "    if limit >= 0 then",
            "      if t == 'string' then",
            "        estimate = redis.call('STRLEN', key)",
            "      else",
            "        local known, usage = pcall(redis.call, 'MEMORY', 'USAGE', key)",
            "        if known and usage then estimate = usage end",
            "      end",
            "    end",
            "    if limit >= 0 and estimate > room then",
            "      out[#out + 1] = t; out[#out + 1] = at; out[#out + 1] = estimate",
            "    else",
            "      local dump = redis.call('DUMP', key)",
            "      if limit >= 0 and #dump > room then",
            "        out[#out + 1] = t; out[#out + 1] = at; out[#out + 1] = #dump",
            "      else",
            "        size = size + #dump",
            "        out[#out + 1] = t; out[#out + 1] = at; out[#out + 1] = dump",
            "      end",
            "    end",
            "  end",
            "end",
            "return out");
    private static final String NODE_SCRIPT = SCRIPT.replace("local keys = KEYS", "local keys = {unpack(ARGV, 2)}");
    private static final String NODE_SCRIPT_FLAGS = "#!lua flags=no-writes,allow-cross-slot-keys\n";
    /** Keys per script call: few enough that one call holds the server only briefly. */
    private static final int KEYS_PER_CALL = 64;

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final int database;
    private final Duration timeout;
    private final boolean clusterNode;
    private final byte[] limit;
    private String sha;

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
        this.clusterNode = clusterNode;
        this.limit = Long.toString(payloadLimit).getBytes(StandardCharsets.US_ASCII);
        connection.setAutoFlushCommands(false);
    }

    /** A reader of the keys one Redis Cluster node holds, whatever their slots. */
    public static KeyStateReader forClusterNode(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout,
                                                long payloadLimit) {
        return new KeyStateReader(connection, 0, timeout, true, payloadLimit);
    }

    @Override
    public PendingRead submit(List<byte[]> keys) throws InterruptedException {
        if (sha == null && !keys.isEmpty()) {
            sha = loadScript();
        }
        return new PendingRead(keys, send(keys));
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
                sha = loadScript();
                return receive(keys.size(), send(keys));
            }
        }
    }

    /** One script call: the keys it was given and its reply. */
    private record Call(List<byte[]> keys, RedisFuture<List<Object>> reply) {
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

    private List<Call> send(List<byte[]> keys) {
        List<Call> calls = new ArrayList<>(keys.size() / KEYS_PER_CALL + 1);
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            calls.add(call(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL))));
        }
        connection.flushCommands();
        return calls;
    }

    private Call call(List<byte[]> group) {
        byte[][] keyArray = group.toArray(new byte[0][]);
        if (clusterNode) {
            byte[][] args = new byte[keyArray.length + 1][];
            args[0] = limit;
            System.arraycopy(keyArray, 0, args, 1, keyArray.length);
            return new Call(group, commands.evalsha(sha, ScriptOutputType.MULTI, new byte[0][], args));
        }
        return new Call(group, commands.evalsha(sha, ScriptOutputType.MULTI, keyArray, limit));
    }

    private List<KeyState> receive(int keyCount, List<Call> sent) throws InterruptedException {
        List<KeyState> states = new ArrayList<>(keyCount);
        Deque<Call> calls = new ArrayDeque<>(sent);
        while (!calls.isEmpty()) {
            Call call = calls.poll();
            List<Object> values = await(call.reply());
            long readTime = System.currentTimeMillis();
            int read = values.size() / 3;
            for (int i = 0; i < read; i++) {
                states.add(toState(call.keys().get(i), values, i * 3, readTime));
            }
            if (read < call.keys().size()) {
                // The call stopped at its byte budget: the rest of its group goes in a call of its own, behind
                // every call sent so far, so the states still come in the order of their reads.
                calls.add(call(call.keys().subList(read, call.keys().size())));
                connection.flushCommands();
            }
        }
        return states;
    }

    private KeyState toState(byte[] key, List<Object> values, int at, long readTime) {
        String type = new String((byte[]) values.get(at), StandardCharsets.US_ASCII);
        if (KeyState.NONE.equals(type)) {
            return KeyState.gone(key, database, readTime);
        }
        long expireAt = (Long) values.get(at + 1) < 0 ? KeyState.PERSISTENT : (Long) values.get(at + 1);
        if (values.get(at + 2) instanceof Long size) {
            return KeyState.oversized(key, type, expireAt, size, database, readTime);
        }
        return new KeyState(key, type, expireAt, (byte[]) values.get(at + 2), database, readTime);
    }

    private String loadScript() throws InterruptedException {
        if (!clusterNode) {
            return load(SCRIPT);
        }
        try {
            return load(NODE_SCRIPT_FLAGS + NODE_SCRIPT);
        } catch (RedisCommandExecutionException e) {
            // Redis 6 knows no script flags, and lets a script reach any key local to the node without them.
            return load(NODE_SCRIPT);
        }
    }

    private String load(String script) throws InterruptedException {
        RedisFuture<String> loaded = commands.scriptLoad(script.getBytes(StandardCharsets.UTF_8));
        connection.flushCommands();
        return await(loaded);
    }

    private <T> T await(RedisFuture<T> future) throws InterruptedException {
        return RedisFutures.await(future, timeout);
    }
}
