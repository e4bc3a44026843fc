package io.keyferry.source.read;

import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The part of the source's {@code validate()} that tries each command the source will run, on a key that does
 * not exist (nothing is read or changed), so that a user whose ACL lacks one fails validation with the command's
 * name instead of failing the task later. Commands whose refusal the source works around (INFO, MEMORY USAGE,
 * CONFIG GET with redis.live.notifications.verify=false) are not tried.
 */
public final class SourcePermissions {
    private static final byte[] PROBE = "keyferry:permission-probe:does-not-exist".getBytes(StandardCharsets.US_ASCII);

    private SourcePermissions() {
    }

    /** Reports each refused command through {@code error}, with the rule to add. */
    public static void verify(RedisEndpoint endpoint, boolean live, Consumer<String> error) {
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
            RedisCommands<byte[], byte[]> redis = connection.sync();
            Map<String, Runnable> probes = new LinkedHashMap<>();
            probes.put("scan", () -> redis.scan(ScanCursor.INITIAL, KeyScanArgs.Builder.limit(1)));
            probes.put("time", redis::time);
            probes.put("type", () -> redis.type(PROBE));
            probes.put("pttl", () -> redis.pttl(PROBE));
            probes.put("dump", () -> redis.dump(PROBE));
            probes.put("strlen", () -> redis.strlen(PROBE));
            probes.put("getrange", () -> redis.getrange(PROBE, 0, 0));
            probes.put("hscan", () -> redis.hscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)));
            probes.put("sscan", () -> redis.sscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)));
            probes.put("zscan", () -> redis.zscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)));
            probes.put("lrange", () -> redis.lrange(PROBE, 0, 0));
            probes.put("xrange", () -> redis.xrange(PROBE, Range.create("-", "+"), Limit.from(1)));
            probes.put("hlen", () -> redis.hlen(PROBE));
            probes.put("scard", () -> redis.scard(PROBE));
            probes.put("zcard", () -> redis.zcard(PROBE));
            probes.put("llen", () -> redis.llen(PROBE));
            probes.put("xlen", () -> redis.xlen(PROBE));
            probes.put("exists", () -> redis.exists(PROBE));
            probes.put("script|load", () -> redis.scriptLoad("return 1".getBytes(StandardCharsets.US_ASCII)));
            probes.put("evalsha", () -> redis.evalsha(redis.digest("return 1"), ScriptOutputType.INTEGER));
            probes.forEach((command, probe) -> refusal(command, probe, endpoint, error));
            if (live) {
                byte[] pattern = ("__keyevent@" + endpoint.database() + "__:*").getBytes(StandardCharsets.US_ASCII);
                try (StatefulRedisPubSubConnection<byte[], byte[]> pubSub = client.connectPubSub(ByteArrayCodec.INSTANCE)) {
                    // Closing the connection ends the subscription: the source never runs PUNSUBSCRIBE either.
                    refusal("psubscribe", () -> pubSub.sync().psubscribe(pattern), endpoint, error);
                }
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void refusal(String command, Runnable probe, RedisEndpoint endpoint, Consumer<String> error) {
        try {
            probe.run();
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("NOPERM")) {
                String rule = message.contains("channel") ? "&__keyevent@" + endpoint.database() + "__:* and +" + command
                        : "+" + command;
                String name = command.replace("|", " ").toUpperCase(Locale.ROOT);
                error.accept("The user may not run " + name + " on " + endpoint.describe() + " (" + message
                        + "), which the source needs: add " + rule + " to its ACL rules (see the README, Least privilege)");
            }
        }
    }
}
