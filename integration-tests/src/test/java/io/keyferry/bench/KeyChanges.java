package io.keyferry.bench;

import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Changes to the keys of a loaded {@link BenchData} dataset, sent beside a {@link LagProbe}'s new keys on its
 * connection, one every {@code every} new keys: the same changes for the same keys and seed, however fast the
 * pipeline is. Each is a DEL, a PEXPIRE of 0.1 to 3 s (which fires during the run), a RENAME to a new name, a SET
 * over the key whatever its type, or an update of its type (HSET, LPUSH, SADD, ZINCRBY, XADD, APPEND). A change
 * of a key deleted, renamed or retyped by an earlier one fails or creates the key again, as it would for an
 * application.
 */
final class KeyChanges implements LagProbe.More {
    private final List<String> keys;
    private final int every;
    private final SplittableRandom random;
    private long sent;

    private KeyChanges(List<String> keys, int every, long seed) {
        this.keys = keys;
        this.every = every;
        this.random = new SplittableRandom(seed);
    }

    /** Changes to the keys {@code server} holds now, in the order of their names. */
    static KeyChanges of(RedisServer server, int every, long seed) {
        return new KeyChanges(server.syncStrings().keys("*").stream().sorted().toList(), every, seed);
    }

    long sent() {
        return sent;
    }

    @Override
    public RedisFuture<?> write(RedisAsyncCommands<String, String> redis, int seq) {
        if (seq % every != 0) {
            return null;
        }
        sent++;
        String key = keys.get(random.nextInt(keys.size()));
        return switch (random.nextInt(8)) {
            case 0 -> redis.del(key);
            case 1 -> redis.pexpire(key, 100 + random.nextInt(2_900));
            case 2 -> redis.rename(key, "renamed:" + key);
            case 3 -> redis.set(key, "overwritten");
            default -> update(redis, key);
        };
    }

    private RedisFuture<?> update(RedisAsyncCommands<String, String> redis, String key) {
        String member = "m" + random.nextInt(20);
        return switch (key.substring(0, key.indexOf(':'))) {
            case "hash" -> redis.hset(key, member, "changed");
            case "list" -> redis.lpush(key, member);
            case "set" -> redis.sadd(key, member);
            case "zset" -> redis.zincrby(key, 1.5, member);
            case "stream" -> redis.xadd(key, Map.of("n", member));
            default -> redis.append(key, "+");
        };
    }
}
