package io.keyferry.it.harness;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load of mixed commands at a steady rate, as a busy application would send them: writes, increments,
 * appends, deletes, short expiries that fire during the run, persists, renames, and changes to every
 * collection type. Runs on its own thread until {@link #close()}. Every key has a hash tag, and RENAME moves a
 * string between two names of the same tag, so the same load runs on a cluster, renames included.
 */
public final class MixedWriter implements AutoCloseable {
    private static final int KEYS_PER_KIND = 1000;

    private final RedisDeployment.StringConnection connection;
    private final int opsPerSecond;
    private final Random random = new Random(42);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong operations = new AtomicLong();
    private final Thread thread;

    private MixedWriter(RedisDeployment redis, int opsPerSecond) {
        this.connection = redis.connectStrings();
        this.opsPerSecond = opsPerSecond;
        this.thread = new Thread(this::run, "mixed-writer");
    }

    /** Writes to a server, or across the slots of a cluster. */
    public static MixedWriter start(RedisDeployment redis, int opsPerSecond) {
        MixedWriter writer = new MixedWriter(redis, opsPerSecond);
        writer.thread.start();
        return writer;
    }

    public long operations() {
        return operations.get();
    }

    private void run() {
        RedisClusterCommands<String, String> redis = connection.sync();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / opsPerSecond;
        long next = System.nanoTime();
        while (running.get()) {
            try {
                writeOne(redis);
            } catch (RedisCommandExecutionException expected) {
                // e.g. RENAME of a key that is gone: applications see these too.
            }
            operations.incrementAndGet();
            next += intervalNanos;
            long ahead = next - System.nanoTime();
            if (ahead > 0) {
                // Pacing the load, not synchronising with the system under test.
                LockSupport.parkNanos(ahead);
            }
        }
    }

    private String key(String kind) {
        return "w:{" + kind + ":" + random.nextInt(KEYS_PER_KIND) + "}";
    }

    private void writeOne(RedisClusterCommands<String, String> redis) {
        switch (random.nextInt(16)) {
            case 0 -> redis.set(key("str"), "v" + random.nextInt(1_000_000));
            case 1 -> redis.incr(key("cnt"));
            case 2 -> redis.append(key("str"), "+" + random.nextInt(10));
            case 3 -> redis.del(key(kindOf(random.nextInt(7))));
            case 4 -> redis.pexpire(key(kindOf(random.nextInt(7))), 200 + random.nextInt(2800));
            case 5 -> redis.persist(key(kindOf(random.nextInt(7))));
            case 6 -> rename(redis, key("str"));
            case 7 -> redis.hset(key("hash"), "f" + random.nextInt(20), "v" + random.nextInt(100));
            case 8 -> redis.hdel(key("hash"), "f" + random.nextInt(20));
            case 9 -> redis.lpush(key("list"), "e" + random.nextInt(100));
            case 10 -> redis.lpop(key("list"));
            case 11 -> redis.sadd(key("set"), "m" + random.nextInt(50));
            case 12 -> redis.srem(key("set"), "m" + random.nextInt(50));
            case 13 -> redis.zincrby(key("zset"), random.nextInt(100) / 4.0, "m" + random.nextInt(30));
            case 14 -> redis.xadd(key("stream"), new XAddArgs().maxlen(50), "n", String.valueOf(random.nextInt(1000)));
            default -> redis.setex(key("str"), 1 + random.nextInt(3), "short-lived");
        }
    }

    /** Renames the string to its other name, or back: same hash tag, so same slot on a cluster. */
    private void rename(RedisClusterCommands<String, String> redis, String key) {
        String moved = key + ":moved";
        if (random.nextBoolean()) {
            redis.rename(key, moved);
        } else {
            redis.rename(moved, key);
        }
    }

    private static String kindOf(int index) {
        return new String[] {"str", "cnt", "hash", "list", "set", "zset", "stream"}[index];
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
