package io.keyferry.common.compare;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.concurrent.CompletionStage;

/**
 * Reads the value of a key of one Redis type. It only issues async commands and returns, so the reads of
 * a whole batch go out pipelined and are awaited together.
 */
@FunctionalInterface
interface ValueReader {
    CompletionStage<LogicalValue> read(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] key);
}
