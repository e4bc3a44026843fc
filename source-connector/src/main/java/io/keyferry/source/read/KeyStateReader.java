package io.keyferry.source.read;

import io.keyferry.common.record.KeyState;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the full state of keys: TYPE, absolute expiry and DUMP of a key in one Lua script, so the three
 * belong to the same moment (a key cannot expire or change between them). A script call reads a small
 * group of keys, and the calls of a batch are pipelined: sent together, then awaited together. A key that is gone by the time it is read comes back
 * as {@link KeyState#gone}, never as an error.
 */
public final class KeyStateReader {
    // PEXPIRETIME (Redis 7) gives the exact absolute expiry; older servers get TIME + PTTL, exact to the ms.
    // One call reads a group of keys: three replies per key, an empty payload for a key that is gone. A call
    // stops once its payloads pass BYTES_PER_CALL, so big keys do not hold the server long: the caller reads
    // the rest of the group again. The first key is always read.
    private static final int BYTES_PER_CALL = 1 << 20;
    private static final String SCRIPT = String.join("\n",
            "local out = {}",
            "local now = nil",
            "local size = 0",
            "for i, key in ipairs(KEYS) do",
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
            "    local dump = redis.call('DUMP', key)",
            "    size = size + #dump",
            "    out[#out + 1] = t; out[#out + 1] = at; out[#out + 1] = dump",
            "  end",
            "end",
            "return out");
    // A cluster node refuses one call declaring keys of several slots (CROSSSLOT), so there the keys travel
    // as arguments; Redis 7+ and Valkey then need the script to allow several slots (all local to the node).
    // A key the node no longer holds fails the call, which the caller takes as a topology change.
    private static final String NODE_SCRIPT = SCRIPT.replace("ipairs(KEYS)", "ipairs(ARGV)");
    private static final String NODE_SCRIPT_FLAGS = "#!lua flags=no-writes,allow-cross-slot-keys\n";
    /** Keys per script call: few enough that one call holds the server only briefly. */
    private static final int KEYS_PER_CALL = 64;

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final int database;
    private final Duration timeout;
    private final boolean clusterNode;
    private String sha;

    /** @param connection a connection of its own: the reader turns its automatic flushing off to pipeline */
    public KeyStateReader(StatefulRedisConnection<byte[], byte[]> connection, int database, Duration timeout) {
        this(connection, database, timeout, false);
    }

    private KeyStateReader(StatefulRedisConnection<byte[], byte[]> connection, int database, Duration timeout,
                           boolean clusterNode) {
        this.connection = connection;
        this.commands = connection.async();
        this.database = database;
        this.timeout = timeout;
        this.clusterNode = clusterNode;
        connection.setAutoFlushCommands(false);
    }

    /** A reader of the keys one Redis Cluster node holds, whatever their slots. */
    public static KeyStateReader forClusterNode(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout) {
        return new KeyStateReader(connection, 0, timeout, true);
    }

    /** Reads every key's state, in the order given. */
    public List<KeyState> read(List<byte[]> keys) throws InterruptedException {
        return submit(keys).collect();
    }

    /** Sends the reads of these keys without waiting for them: the caller collects them later. */
    public PendingRead submit(List<byte[]> keys) throws InterruptedException {
        if (sha == null && !keys.isEmpty()) {
            sha = loadScript();
        }
        return new PendingRead(keys, send(keys));
    }

    /** Reads sent and not yet collected; collecting waits for their replies, in the order of the keys. */
    public final class PendingRead {
        private final List<byte[]> keys;
        private final List<RedisFuture<List<Object>>> replies;

        private PendingRead(List<byte[]> keys, List<RedisFuture<List<Object>>> replies) {
            this.keys = keys;
            this.replies = replies;
        }

        public List<byte[]> keys() {
            return keys;
        }

        public List<KeyState> collect() throws InterruptedException {
            try {
                return receive(keys, replies);
            } catch (RedisNoScriptException e) {
                // The server lost its script cache (restart, failover, SCRIPT FLUSH): load it again, once.
                sha = loadScript();
                return receive(keys, send(keys));
            }
        }
    }

    /** The keys that do not exist now, with pipelined EXISTS: their state is "gone", read at that moment. */
    public List<KeyState> absent(List<byte[]> keys) throws InterruptedException {
        List<RedisFuture<Long>> replies = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            replies.add(commands.exists(key));
        }
        connection.flushCommands();
        List<KeyState> gone = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (await(replies.get(i)) == 0) {
                gone.add(KeyState.gone(keys.get(i), database, System.currentTimeMillis()));
            }
        }
        return gone;
    }

    private List<RedisFuture<List<Object>>> send(List<byte[]> keys) {
        List<RedisFuture<List<Object>>> replies = new ArrayList<>(keys.size() / KEYS_PER_CALL + 1);
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            List<byte[]> group = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL));
            byte[][] keyArray = group.toArray(new byte[0][]);
            replies.add(clusterNode ? commands.evalsha(sha, ScriptOutputType.MULTI, new byte[0][], keyArray)
                    : commands.evalsha(sha, ScriptOutputType.MULTI, keyArray));
        }
        connection.flushCommands();
        return replies;
    }

    private List<KeyState> receive(List<byte[]> keys, List<RedisFuture<List<Object>>> replies)
            throws InterruptedException {
        List<KeyState> states = new ArrayList<>(keys.size());
        for (int call = 0; call < replies.size(); call++) {
            List<Object> values = await(replies.get(call));
            long readTime = System.currentTimeMillis();
            for (int i = 0; i < values.size(); i += 3) {
                states.add(toState(keys.get(states.size()), values, i, readTime));
            }
            if (states.size() < Math.min(keys.size(), (call + 1) * KEYS_PER_CALL)) {
                // The call stopped at its byte budget. The keys after it are read again now, later groups
                // included: their replies, already made, would be older than these reads, and states must
                // come in the order of their reads (SCAN may return a key twice).
                for (RedisFuture<List<Object>> later : replies.subList(call + 1, replies.size())) {
                    await(later);
                }
                List<byte[]> rest = keys.subList(states.size(), keys.size());
                states.addAll(receive(rest, send(rest)));
                break;
            }
        }
        return states;
    }

    private KeyState toState(byte[] key, List<Object> values, int at, long readTime) {
        String type = new String((byte[]) values.get(at), StandardCharsets.US_ASCII);
        if (KeyState.NONE.equals(type)) {
            return KeyState.gone(key, database, readTime);
        }
        long expireAt = (Long) values.get(at + 1);
        return new KeyState(key, type, expireAt < 0 ? KeyState.PERSISTENT : expireAt, (byte[]) values.get(at + 2),
                database, readTime);
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
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.lettuce.core.RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms");
        }
    }
}
