package io.keyferry.common.compare;

import io.keyferry.common.read.KeyStateScript;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.List;

/**
 * How the comparator learns what one side holds for a batch of keys. Probes are sent at once and awaited
 * later, so that the source and the target work on a batch at the same time.
 */
interface KeyProbes {
    /** Sends TYPE, PTTL and DUMP of each key; {@link Replies#await()} gives one {@link KeyProbe} per key. */
    Replies<KeyProbe> probe(List<byte[]> keys);

    /** Sends TYPE of each key; {@link KeyProbe#NONE} tells a key that does not exist. */
    Replies<String> types(List<byte[]> keys);

    /** Answers of probes already sent. */
    @FunctionalInterface
    interface Replies<T> {
        /** Waits for the answers, in the order of the keys; the first failure is rethrown. */
        List<T> await();
    }

    /**
     * One Lua script call per group of keys on a server, and on a cluster per group of keys of one primary
     * ({@link ClusterKeyProbes}); a command per key where the script is refused.
     *
     * @param commands the async commands of {@code connection}
     * @param bigValueBytes keys larger than this are not dumped
     */
    static KeyProbes of(StatefulConnection<byte[], byte[]> connection,
                        RedisClusterAsyncCommands<byte[], byte[]> commands, Duration timeout, long bigValueBytes) {
        KeyProbes perCommand = new PerCommandKeyProbes(commands, timeout, bigValueBytes);
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return new ClusterKeyProbes(cluster, nodeConnection -> new ScriptedKeyProbes(
                    KeyStateScript.forClusterNode(nodeConnection, timeout, bigValueBytes), timeout, perCommand),
                    perCommand);
        }
        return connection instanceof StatefulRedisConnection<byte[], byte[]> server
                ? new ScriptedKeyProbes(KeyStateScript.forServer(server, timeout, bigValueBytes), timeout, perCommand)
                : perCommand;
    }
}
