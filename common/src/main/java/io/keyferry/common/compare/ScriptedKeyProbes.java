package io.keyferry.common.compare;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Probes a group of keys with one Lua script call instead of a command per key and answer: the comparison
 * is bound by the client's cost per command, not by the server. A server that will not run the script (an
 * ACL without scripting, a proxy without EVALSHA...) is probed by the per-command probes for the rest of the
 * comparison, with the same answers.
 */
final class ScriptedKeyProbes implements KeyProbes {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedKeyProbes.class);
    /** Payload bytes after which a call stops, so that big keys do not hold the server long. */
    private static final int BYTES_PER_CALL = 1 << 20;
    /**
     * ARGV[1] {@code probe}: TYPE, PTTL and DUMP of each key, three answers per key, until the payloads pass
     * BYTES_PER_CALL (the first key is always probed); otherwise TYPE only. DUMP runs under pcall so that a
     * DUMP the ACL refuses does not fail the call: it answers '', as the DUMP of a missing key does (a Lua
     * table cannot hold nil, and a real payload is never empty). A key over ARGV[2] bytes (a
     * string's STRLEN, another type's MEMORY USAGE where allowed, else its DUMP's length) answers its size, a
     * number, in place of the payload.
     */
    private static final String SCRIPT = String.join("\n",
            "local probe = ARGV[1] == 'probe'",
            "local big = tonumber(ARGV[2])",
            "local out = {}",
            "local size = 0",
            "for _, key in ipairs(KEYS) do",
            "  if size >= " + BYTES_PER_CALL + " then break end",
            "  local t = redis.call('TYPE', key)['ok']",
            "  out[#out + 1] = t",
            "  if probe then",
            "    out[#out + 1] = redis.call('PTTL', key)",
            "    local estimate = 0",
            "    if t == 'string' then",
            "      estimate = redis.call('STRLEN', key)",
            "    elseif t ~= 'none' then",
            "      local known, usage = pcall(redis.call, 'MEMORY', 'USAGE', key)",
            "      if known and usage then estimate = usage end",
            "    end",
            "    if estimate > big then",
            "      out[#out + 1] = estimate",
            "    else",
            "      local ok, dump = pcall(redis.call, 'DUMP', key)",
            "      dump = ok and dump or ''",
            "      if #dump > big then",
            "        out[#out + 1] = #dump",
            "      else",
            "        size = size + #dump",
            "        out[#out + 1] = dump",
            "      end",
            "    end",
            "  end",
            "end",
            "return out");
    /** Keys per script call: few enough that one call holds the server only briefly. */
    private static final int KEYS_PER_CALL = 64;

    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final Duration timeout;
    private final byte[] bigValueBytes;
    private final Mode<KeyProbe> probeMode;
    private final Mode<String> typeMode;
    /** Loaded on first use; null again when the server lost it. */
    private String sha;
    /** The server refused the script: every later probe is per command. */
    private boolean refused;

    ScriptedKeyProbes(RedisClusterAsyncCommands<byte[], byte[]> redis, Duration timeout, KeyProbes perCommand,
                      long bigValueBytes) {
        this.redis = redis;
        this.bigValueBytes = Long.toString(bigValueBytes).getBytes(StandardCharsets.US_ASCII);
        this.timeout = timeout;
        this.probeMode = new Mode<>("probe", ScriptedKeyProbes::parseProbes, perCommand::probe);
        this.typeMode = new Mode<>("type", ScriptedKeyProbes::parseTypes, perCommand::types);
    }

    @Override
    public Replies<KeyProbe> probe(List<byte[]> keys) {
        return call(keys, probeMode, true);
    }

    @Override
    public Replies<String> types(List<byte[]> keys) {
        return call(keys, typeMode, true);
    }

    /** What the script reads, how its answer becomes one value per key, and the per-command equivalent. */
    private record Mode<T>(String argument, Function<List<Object>, List<T>> parse,
                           Function<List<byte[]>, Replies<T>> perCommand) {
    }

    private <T> Replies<T> call(List<byte[]> keys, Mode<T> mode, boolean firstTry) {
        if (!scriptUsable()) {
            return mode.perCommand().apply(keys);
        }
        PipelinedBatch batch = new PipelinedBatch(timeout);
        List<CompletableFuture<List<Object>>> calls = new ArrayList<>();
        byte[][] arguments = {mode.argument().getBytes(StandardCharsets.US_ASCII), bigValueBytes};
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            byte[][] group = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL)).toArray(new byte[0][]);
            calls.add(batch.add(redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, group, arguments)));
        }
        return () -> {
            try {
                batch.await();
            } catch (RedisCommandExecutionException refusal) {
                if (refusal instanceof RedisNoScriptException && firstTry) {
                    // The server lost its script cache (restart, failover, SCRIPT FLUSH): load it again, once.
                    sha = null;
                    return call(keys, mode, false).await();
                }
                refuse(refusal);
                return mode.perCommand().apply(keys).await();
            }
            List<T> values = new ArrayList<>(keys.size());
            for (int i = 0; i < calls.size(); i++) {
                values.addAll(mode.parse().apply(calls.get(i).join()));
                int groupEnd = Math.min(keys.size(), (i + 1) * KEYS_PER_CALL);
                if (values.size() < groupEnd) {
                    // The call stopped at its byte budget: the rest of its group is probed by calls of its own.
                    values.addAll(call(keys.subList(values.size(), groupEnd), mode, true).await());
                }
            }
            if (values.size() != keys.size()) {
                throw new IllegalStateException("The probe script answered for " + values.size() + " keys of "
                        + keys.size());
            }
            return values;
        };
    }

    private boolean scriptUsable() {
        if (!refused && sha == null) {
            try {
                sha = RedisFutures.join(redis.scriptLoad(SCRIPT), timeout);
            } catch (RedisCommandExecutionException refusal) {
                refuse(refusal);
            }
        }
        return !refused;
    }

    /**
     * Any error answer counts as a refusal, even a passing one (BUSY): the per-command probes answer the
     * same, only slower. Errors of the connection (timeouts, disconnection) are not answers and fail the
     * comparison as before.
     */
    private void refuse(RedisCommandExecutionException refusal) {
        refused = true;
        LOG.info("The server refused the comparison's probe script ({}): probing with a command per key instead",
                refusal.getMessage());
    }

    /** TYPE, PTTL and DUMP (or a big key's size) of each key, in the order of the keys; an empty dump stands for none. */
    static List<KeyProbe> parseProbes(List<Object> answers) {
        if (answers.size() % 3 != 0) {
            throw new IllegalStateException("The probe script answered " + answers.size() + " values, not 3 per key");
        }
        List<KeyProbe> probes = new ArrayList<>(answers.size() / 3);
        for (int i = 0; i < answers.size(); i += 3) {
            String type = text(answers.get(i));
            long pttl = (Long) answers.get(i + 1);
            if (answers.get(i + 2) instanceof Long) {
                probes.add(new KeyProbe(type, pttl, null, true));
            } else {
                byte[] dump = (byte[]) answers.get(i + 2);
                probes.add(new KeyProbe(type, pttl, dump.length == 0 ? null : dump));
            }
        }
        return probes;
    }

    static List<String> parseTypes(List<Object> answers) {
        return answers.stream().map(ScriptedKeyProbes::text).toList();
    }

    /** TYPE names are ASCII. */
    private static String text(Object answer) {
        return new String((byte[]) answer, StandardCharsets.US_ASCII);
    }
}
