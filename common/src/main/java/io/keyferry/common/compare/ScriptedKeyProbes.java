package io.keyferry.common.compare;

import io.keyferry.common.config.RedisFutures;
import io.keyferry.common.read.KeyStateScript;
import io.keyferry.common.read.KeyStateScript.Reading;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Probes a group of keys with one Lua script call ({@link KeyStateScript}, reading {@link Reading#PROBE} or
 * {@link Reading#TYPE}) instead of a command per key and answer: the comparison is bound by the client's cost
 * per command, not by the server. A server that will not run the script (an ACL without scripting, a proxy
 * without EVALSHA, a cluster node asked for a key of a slot it no longer serves...) is probed by the per-command probes
 * for the rest of the comparison, with the same answers.
 */
final class ScriptedKeyProbes implements KeyProbes {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedKeyProbes.class);

    private final KeyStateScript script;
    private final Duration timeout;
    private final Mode<KeyProbe> probeMode;
    private final Mode<String> typeMode;
    /** The server refused the script: every later probe is per command. */
    private boolean refused;

    /**
     * @param script        the probe script of one server, or of one node of a cluster
     * @param perCommand    what probes the keys when the server refuses the script
     */
    ScriptedKeyProbes(KeyStateScript script, Duration timeout, KeyProbes perCommand) {
        this.script = script;
        this.timeout = timeout;
        this.probeMode = new Mode<>(Reading.PROBE, ScriptedKeyProbes::parseProbes, perCommand::probe);
        this.typeMode = new Mode<>(Reading.TYPE, KeyStateScript::types, perCommand::types);
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
    private record Mode<T>(Reading reading, Function<List<Object>, List<T>> parse,
                           Function<List<byte[]>, Replies<T>> perCommand) {
    }

    private <T> Replies<T> call(List<byte[]> keys, Mode<T> mode, boolean firstTry) {
        if (!scriptUsable()) {
            return mode.perCommand().apply(keys);
        }
        PipelinedBatch batch = new PipelinedBatch(timeout);
        List<KeyStateScript.Call> calls = script.send(mode.reading(), keys);
        List<CompletableFuture<List<Object>>> replies = calls.stream().map(sent -> batch.add(sent.reply())).toList();
        return () -> {
            try {
                batch.await();
            } catch (RedisCommandExecutionException refusal) {
                if (refusal instanceof RedisNoScriptException && firstTry) {
                    // The server lost its script cache (restart, failover, SCRIPT FLUSH): load it again, once.
                    script.forget();
                    return call(keys, mode, false).await();
                }
                refuse(refusal);
                return mode.perCommand().apply(keys).await();
            }
            List<T> values = new ArrayList<>(keys.size());
            for (int i = 0; i < calls.size(); i++) {
                List<byte[]> group = calls.get(i).keys();
                List<T> answered = mode.parse().apply(replies.get(i).join());
                values.addAll(answered);
                if (answered.size() < group.size()) {
                    // The call stopped at its byte budget: the rest of its group is probed by calls of its own.
                    values.addAll(call(group.subList(answered.size(), group.size()), mode, true).await());
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
        if (!refused && !script.loaded()) {
            try {
                RedisFutures.uninterruptibly(script::load);
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

    private static List<KeyProbe> parseProbes(List<Object> reply) {
        return KeyStateScript.answers(reply).stream().map(ScriptedKeyProbes::toProbe).toList();
    }

    /**
     * A key's TYPE, PTTL and DUMP (or a big key's size); an empty payload stands for none (a missing key, or a
     * DUMP the ACL refused), as the per-command probe answers.
     */
    static KeyProbe toProbe(KeyStateScript.Answer answer) {
        if (answer.overLimit()) {
            return new KeyProbe(answer.type(), answer.expiry(), null, true);
        }
        byte[] payload = answer.payload();
        return new KeyProbe(answer.type(), answer.expiry(), payload.length == 0 ? null : payload);
    }
}
