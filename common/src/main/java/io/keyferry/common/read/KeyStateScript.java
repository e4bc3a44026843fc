package io.keyferry.common.read;

import io.keyferry.common.config.CodedEnum;
import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lua script that reads the state of a group of keys in one call (TYPE, expiry and DUMP of each key, at one
 * moment), for the source's state reads and the comparison's probes. It is loaded once (SCRIPT LOAD) and called by
 * its digest (EVALSHA); a caller that meets NOSCRIPT loads it again. Calls are sent, not awaited: callers pipeline
 * them.
 *
 * <p>A call stops once its payloads pass {@link #BYTES_PER_CALL}, so big keys do not hold the server long: it
 * answers for fewer keys than it was given (never none), and the caller reads the rest in a call of its own. A key
 * over the call's limit answers its size in place of its payload (a string's STRLEN, another type's MEMORY USAGE, or
 * its DUMP's length where MEMORY is refused or underestimates), so no payload over the limit reaches the client.
 */
public final class KeyStateScript {
    /** Keys per call: few enough that one call holds the server only briefly. */
    static final int KEYS_PER_CALL = 64;
    private static final int BYTES_PER_CALL = 1 << 20;
    /** A cluster node's keys are of many slots: passed as arguments, they are reached under these flags. */
    private static final String NODE_FLAGS = "#!lua flags=no-writes,allow-cross-slot-keys\n";
    private static final String SCRIPT = script("KEYS");
    private static final String NODE_SCRIPT = script("{unpack(ARGV, 3)}");

    /**
     * What a call reads of each key (ARGV[1]). A record and a comparison want different things of the same read,
     * hence one script with two readings rather than two scripts.
     */
    public enum Reading implements CodedEnum {
        /**
         * For a record: TYPE, the absolute expiry (exact to the ms: PEXPIRETIME, or TIME + PTTL before Redis 7)
         * and DUMP. The limit counts the key too, as a record holds both; a refused DUMP fails the call, since a
         * record cannot go without its payload.
         */
        STATE,
        /**
         * For a comparison: TYPE, PTTL (the two sides' clocks may differ) and DUMP. The limit counts the value
         * only; a refused DUMP answers an empty payload, as the DUMP of a missing key does, and the value is
         * compared element by element instead.
         */
        PROBE,
        /** TYPE only: one answer per key. */
        TYPE
    }

    /** One call sent: the keys it was given and its reply, which may answer for fewer of them. */
    public record Call(List<byte[]> keys, RedisFuture<List<Object>> reply) {
    }

    /**
     * One key's answer to {@link Reading#STATE} or {@link Reading#PROBE}.
     *
     * @param type    what TYPE answered, {@code none} for a key that does not exist
     * @param expiry  the absolute expiry in Unix ms (STATE) or the PTTL (PROBE); negative when the key is
     *                persistent or does not exist
     * @param payload the DUMP payload, empty when the key does not exist (or, for PROBE, DUMP was refused); null
     *                when the key is over the limit
     * @param size    the payload's length, or for a key over the limit what the server estimated
     */
    public record Answer(String type, long expiry, byte[] payload, long size) {
        /** Whether the key was over the limit: its size came back instead of its payload. */
        public boolean overLimit() {
            return payload == null;
        }
    }

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;
    private final boolean clusterNode;
    private final byte[] limit;
    /** Loaded on first use; null again when forgotten. */
    private String sha;

    private KeyStateScript(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout, boolean clusterNode,
                           long limit) {
        this.connection = connection;
        this.commands = connection.async();
        this.timeout = timeout;
        this.clusterNode = clusterNode;
        this.limit = Long.toString(limit).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The script on a standalone server, its keys declared.
     *
     * @param connection its commands may be flushed by hand: the script flushes what it sends
     * @param limit      the longest payload read whole (see {@link Reading}); -1 for no limit
     */
    public static KeyStateScript forServer(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout,
                                           long limit) {
        return new KeyStateScript(connection, timeout, false, limit);
    }

    /** The script on a Redis Cluster node, reading any keys the node holds, whatever their slots. */
    public static KeyStateScript forClusterNode(StatefulRedisConnection<byte[], byte[]> connection, Duration timeout,
                                                long limit) {
        return new KeyStateScript(connection, timeout, true, limit);
    }

    public boolean loaded() {
        return sha != null;
    }

    /**
     * Loads the script (again), waiting for the server.
     *
     * @return its SHA1 digest
     * @throws RedisCommandExecutionException when the server refuses it (an ACL without scripting...)
     */
    public String load() throws InterruptedException {
        if (!clusterNode) {
            sha = load(SCRIPT);
            return sha;
        }
        try {
            sha = load(NODE_FLAGS + NODE_SCRIPT);
        } catch (RedisCommandExecutionException e) {
            // Redis 6 knows no script flags, and lets a script reach any key local to the node without them.
            sha = load(NODE_SCRIPT);
        }
        return sha;
    }

    private String load(String script) throws InterruptedException {
        RedisFuture<String> loaded = commands.scriptLoad(script.getBytes(StandardCharsets.UTF_8));
        connection.flushCommands();
        return RedisFutures.await(loaded, timeout);
    }

    /** Takes the script for lost (the server answered NOSCRIPT): {@link #loaded()} is false until loaded again. */
    public void forget() {
        sha = null;
    }

    /** Sends calls for these keys, {@link #KEYS_PER_CALL} at a time, and flushes them; the script must be loaded. */
    public List<Call> send(Reading reading, List<byte[]> keys) {
        byte[] code = reading.code().getBytes(StandardCharsets.US_ASCII);
        List<Call> calls = new ArrayList<>(keys.size() / KEYS_PER_CALL + 1);
        for (List<byte[]> group : groups(keys)) {
            calls.add(new Call(group, evalsha(code, group.toArray(new byte[0][]))));
        }
        connection.flushCommands();
        return calls;
    }

    private RedisFuture<List<Object>> evalsha(byte[] reading, byte[][] keys) {
        if (!clusterNode) {
            return commands.evalsha(sha, ScriptOutputType.MULTI, keys, reading, limit);
        }
        byte[][] arguments = new byte[keys.length + 2][];
        arguments[0] = reading;
        arguments[1] = limit;
        System.arraycopy(keys, 0, arguments, 2, keys.length);
        return commands.evalsha(sha, ScriptOutputType.MULTI, new byte[0][], arguments);
    }

    /** The keys in groups of {@link #KEYS_PER_CALL}, in their order. */
    static List<List<byte[]>> groups(List<byte[]> keys) {
        List<List<byte[]>> groups = new ArrayList<>(keys.size() / KEYS_PER_CALL + 1);
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            groups.add(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL)));
        }
        return groups;
    }

    /** The reply of a {@link Reading#STATE} or {@link Reading#PROBE} call: three values per key answered. */
    public static List<Answer> answers(List<Object> reply) {
        if (reply.size() % 3 != 0) {
            throw new IllegalStateException("The key state script answered " + reply.size()
                    + " values, not 3 per key");
        }
        List<Answer> answers = new ArrayList<>(reply.size() / 3);
        for (int i = 0; i < reply.size(); i += 3) {
            String type = text(reply.get(i));
            long expiry = (Long) reply.get(i + 1);
            if (reply.get(i + 2) instanceof Long size) {
                answers.add(new Answer(type, expiry, null, size));
            } else {
                byte[] payload = (byte[]) reply.get(i + 2);
                answers.add(new Answer(type, expiry, payload, payload.length));
            }
        }
        return answers;
    }

    /** The reply of a {@link Reading#TYPE} call: one type per key answered. */
    public static List<String> types(List<Object> reply) {
        return reply.stream().map(KeyStateScript::text).toList();
    }

    /** TYPE names are ASCII. */
    private static String text(Object answer) {
        return new String((byte[]) answer, StandardCharsets.US_ASCII);
    }

    /** @param keys the Lua expression of the keys to read: KEYS, or the arguments after reading and limit */
    private static String script(String keys) {
        return String.join("\n",
                "local reading = ARGV[1]",
                "local limit = tonumber(ARGV[2])",
                "local now = nil",
                "local function expiry(key)",
                "  if reading ~= 'state' then return redis.call('PTTL', key) end",
                "  local ok, at = pcall(redis.call, 'PEXPIRETIME', key)",
                "  if ok then return at end",
                "  at = redis.call('PTTL', key)",
                "  if at < 0 then return at end",
                "  now = now or redis.call('TIME')",
                "  return tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + at",
                "end",
                "local function dump(key)",
                "  if reading == 'state' then return redis.call('DUMP', key) end",
                "  local ok, payload = pcall(redis.call, 'DUMP', key)",
                "  return ok and payload or ''",
                "end",
                "local out = {}",
                "local size = 0",
                "for _, key in ipairs(" + keys + ") do",
                "  if size >= " + BYTES_PER_CALL + " then break end",
                "  local t = redis.call('TYPE', key)['ok']",
                "  out[#out + 1] = t",
                "  if reading == 'type' then",
                "    -- the type is the whole answer",
                "  elseif t == 'none' then",
                "    out[#out + 1] = -2; out[#out + 1] = ''",
                "  else",
                "    out[#out + 1] = expiry(key)",
                "    local room = limit",
                "    if reading == 'state' then room = limit - #key end",
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
                "      out[#out + 1] = estimate",
                "    else",
                "      local payload = dump(key)",
                "      if limit >= 0 and #payload > room then",
                "        out[#out + 1] = #payload",
                "      else",
                "        size = size + #payload",
                "        out[#out + 1] = payload",
                "      end",
                "    end",
                "  end",
                "end",
                "return out");
    }
}
