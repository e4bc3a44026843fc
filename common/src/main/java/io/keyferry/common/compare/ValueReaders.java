package io.keyferry.common.compare;

import io.lettuce.core.Range;

import java.util.Map;
import java.util.Optional;

/** The {@link ValueReader} of each Redis type whose value the comparator understands. */
final class ValueReaders {
    private static final Map<String, ValueReader> BY_TYPE = Map.of(
            "string", (redis, key) -> redis.get(key).thenApply(LogicalValues::string),
            "hash", (redis, key) -> redis.hgetall(key).thenApply(LogicalValues::hash),
            "list", (redis, key) -> redis.lrange(key, 0, -1).thenApply(LogicalValues::list),
            "set", (redis, key) -> redis.smembers(key).thenApply(LogicalValues::set),
            "zset", (redis, key) -> redis.zrangeWithScores(key, 0, -1).thenApply(LogicalValues::zset),
            // Both commands are issued before combining: they travel in the same pipeline.
            "stream", (redis, key) -> redis.xrange(key, Range.<String>unbounded())
                    .thenCombine(redis.xinfoGroups(key), LogicalValues::stream));

    private ValueReaders() {
    }

    /** The reader for a TYPE answer; empty for types compared by presence and TTL only (module types). */
    static Optional<ValueReader> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
