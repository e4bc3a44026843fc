package io.keyferry.sink;

import io.keyferry.common.config.PermissionProbes;
import io.keyferry.common.config.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The part of the sink's {@code validate()} that tries the commands the sink will run, each in a form that
 * writes nothing: on a key that does not exist, with a condition that does not hold (SET XX, ZADD XX, XADD
 * NOMKSTREAM), or with a payload RESTORE rejects. HSET, RPUSH, SADD, APPEND and XSETID are not tried (the
 * first four have no such form); a user without them fails the task on its first write that needs one, and the
 * server's answer names the command.
 */
final class TargetPermissions {
    private static final byte[] VALUE = "v".getBytes(StandardCharsets.US_ASCII);

    private TargetPermissions() {
    }

    static void verify(RedisEndpoint endpoint, boolean waits, Consumer<String> error) {
        RedisClient client = endpoint.newClient();
        try (StatefulRedisConnection<byte[], byte[]> connection = RedisEndpoint.connect(client)) {
            RedisCommands<byte[], byte[]> redis = connection.sync();
            // A name no key has: the probes below change nothing only while it does not exist.
            byte[] probe = ("keyferry:permission-probe:" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
            PermissionProbes probes = new PermissionProbes(endpoint, "the sink")
                    .add("restore", () -> redis.restore(probe, VALUE, RestoreArgs.Builder.ttl(0)))
                    .add("set", () -> redis.set(probe, VALUE, SetArgs.Builder.xx()))
                    .add("zadd", () -> redis.zadd(probe, ZAddArgs.Builder.xx(), 1.0, VALUE))
                    .add("xadd", () -> redis.xadd(probe, XAddArgs.Builder.nomkstream(), Map.of(VALUE, VALUE)))
                    .add("xgroup|create", () -> redis.xgroupCreate(XReadArgs.StreamOffset.from(probe, "0"), VALUE,
                            XGroupCreateArgs.Builder.mkstream(false)))
                    .add("del", () -> redis.del(probe))
                    .add("pexpireat", () -> redis.pexpireat(probe, 1L))
                    .add("pexpire", () -> redis.pexpire(probe, 1L))
                    .add("persist", () -> redis.persist(probe))
                    .add("rename", () -> redis.rename(probe, probe))
                    .add("get", () -> redis.get(probe))
                    .add("exists", () -> redis.exists(probe))
                    .add("script|load", () -> redis.scriptLoad("return 1".getBytes(StandardCharsets.US_ASCII)))
                    .add("evalsha", () -> redis.evalsha(redis.digest("return 1"), ScriptOutputType.INTEGER))
                    .add("eval", () -> redis.eval("return 1", ScriptOutputType.INTEGER));
            if (waits) {
                probes.add("wait", () -> redis.waitForReplication(0, 1));
            }
            // Last: a DISCARD refused would leave the connection in a transaction.
            probes.add("multi", redis::multi).add("discard", redis::discard);
            probes.run(error);
        } catch (RedisConnectionException unreachable) {
            // Reached a moment ago by the connection check: a task waits for such a server anyway.
            return;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
