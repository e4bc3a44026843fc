package io.keyferry.source.read;

import io.keyferry.common.config.PermissionProbes;
import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /**
     * Reports each refused command through {@code error}, with the rule to add.
     *
     * @param replica whether {@code endpoint} is a cluster replica the source reads, which needs READONLY
     */
    public static void verify(RedisEndpoint endpoint, boolean live, boolean replica, Consumer<String> error) {
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client);
             StatefulRedisPubSubConnection<byte[], byte[]> pubSub = client.connectPubSub(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = connection.sync();
            PermissionProbes probes = new PermissionProbes(endpoint, "the source")
                    .add("scan", () -> redis.scan(ScanCursor.INITIAL, KeyScanArgs.Builder.limit(1)))
                    .add("time", redis::time)
                    .add("type", () -> redis.type(PROBE))
                    .add("pttl", () -> redis.pttl(PROBE))
                    .add("dump", () -> redis.dump(PROBE))
                    .add("strlen", () -> redis.strlen(PROBE))
                    .add("getrange", () -> redis.getrange(PROBE, 0, 0))
                    .add("hscan", () -> redis.hscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)))
                    .add("sscan", () -> redis.sscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)))
                    .add("zscan", () -> redis.zscan(PROBE, ScanCursor.INITIAL, ScanArgs.Builder.limit(1)))
                    .add("lrange", () -> redis.lrange(PROBE, 0, 0))
                    .add("xrange", () -> redis.xrange(PROBE, Range.create("-", "+"), Limit.from(1)))
                    .add("hlen", () -> redis.hlen(PROBE))
                    .add("scard", () -> redis.scard(PROBE))
                    .add("zcard", () -> redis.zcard(PROBE))
                    .add("llen", () -> redis.llen(PROBE))
                    .add("xlen", () -> redis.xlen(PROBE))
                    .add("exists", () -> redis.exists(PROBE))
                    .add("script|load", () -> redis.scriptLoad("return 1".getBytes(StandardCharsets.US_ASCII)))
                    .add("evalsha", () -> redis.evalsha(redis.digest("return 1"), ScriptOutputType.INTEGER));
            if (replica) {
                probes.add("readonly", redis::readOnly);
            }
            if (live) {
                // Closing the connection ends the subscription: the source never runs PUNSUBSCRIBE either.
                byte[] pattern = ("__keyevent@" + endpoint.database() + "__:*").getBytes(StandardCharsets.US_ASCII);
                probes.add("psubscribe", () -> pubSub.sync().psubscribe(pattern));
            }
            probes.run(error);
        } catch (RedisConnectionException unreachable) {
            // Reached a moment ago by the connection check: a task waits for such a server anyway.
            return;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
