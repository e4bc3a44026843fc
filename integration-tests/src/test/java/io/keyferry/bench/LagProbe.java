package io.keyferry.bench;

import io.keyferry.it.harness.RedisServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The lag of live mode, from a write on the source to the key's RESTORE on the target: writes new keys
 * {@code lag:0}, {@code lag:1}, … at a steady rate, stamping each SET with its send time, while a subscriber to
 * the target's key-event notifications ({@code notify-keyspace-events} with {@code Eg}) stamps the first
 * RESTORE of each. Writer, subscriber and Connect share this JVM and so one clock.
 */
final class LagProbe implements AutoCloseable {
    private static final String PREFIX = "lag:";

    private final long[] sent;
    private final long[] arrived;
    private final AtomicInteger arrivals = new AtomicInteger();
    private final StatefulRedisPubSubConnection<String, String> events;

    /** Subscribes to the RESTOREs on {@code target} of the {@code writes} keys to come. */
    LagProbe(RedisServer target, int writes) {
        sent = new long[writes];
        arrived = new long[writes];
        events = target.client().connectPubSub();
        events.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String key) {
                if (key.startsWith(PREFIX)) {
                    int seq = Integer.parseInt(key.substring(PREFIX.length()));
                    if (arrived[seq] == 0) {
                        arrived[seq] = System.nanoTime();
                        arrivals.incrementAndGet();
                    }
                }
            }
        });
        events.sync().psubscribe("__keyevent@0__:restore");
    }

    int writes() {
        return sent.length;
    }

    /** How many keys arrived so far. */
    int arrived() {
        return arrivals.get();
    }

    /**
     * Writes every key on {@code source}, {@code rate} a second, on one connection without waiting for each reply,
     * and returns once the last reply is in.
     *
     * @return the new keys per second achieved
     */
    double write(RedisServer source, int rate) {
        return write(source, rate, (redis, seq) -> null);
    }

    /**
     * Writes every key as {@link #write(RedisServer, int)} does, and after each the commands of {@code more}.
     *
     * @return the new keys per second achieved
     */
    double write(RedisServer source, int rate, More more) {
        long started = System.nanoTime();
        try (StatefulRedisConnection<String, String> writer = source.client().connect()) {
            RedisAsyncCommands<String, String> commands = writer.async();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            RedisFuture<?> last = null;
            for (int seq = 0; seq < sent.length; seq++) {
                long ahead = started + seq * interval - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead); // pacing the load
                }
                sent[seq] = System.nanoTime();
                last = commands.set(PREFIX + seq, "v");
                RedisFuture<?> also = more.write(commands, seq);
                last = also != null ? also : last;
            }
            // Replies come in order: once the last is in, every write is done (closing earlier would cancel some).
            if (last != null && !LettuceFutures.awaitAll(Duration.ofMinutes(1), last)) {
                throw new IllegalStateException("the writes were not done after a minute");
            }
        }
        return sent.length * 1e9 / (System.nanoTime() - started);
    }

    /** Waits at most {@code seconds} for every key to arrive; a measurement's tail, not a test's synchronisation. */
    void awaitArrivals(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (arrivals.get() < sent.length && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** When the last key arrived so far, as a {@link System#nanoTime()}. */
    long lastArrival() {
        return Arrays.stream(arrived).max().orElse(0);
    }

    /** The lags of the keys arrived so far. */
    Lags lags() {
        double[] lags = new double[arrivals.get()];
        int n = 0;
        for (int i = 0; i < sent.length && n < lags.length; i++) {
            if (arrived[i] != 0) {
                lags[n++] = (arrived[i] - sent[i]) / 1e6;
            }
        }
        Arrays.sort(lags, 0, n);
        return new Lags(n, percentile(lags, n, 0.50), percentile(lags, n, 0.99), n == 0 ? Double.NaN : lags[n - 1]);
    }

    private static double percentile(double[] sorted, int n, double p) {
        return n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }

    @Override
    public void close() {
        events.close();
    }

    /** Other commands sent on the writer's connection, after the key of each step. */
    interface More {
        /** @return the future of the last command sent, or null if none */
        RedisFuture<?> write(RedisAsyncCommands<String, String> redis, int seq);
    }

    /** How many keys arrived, and their lags in milliseconds. */
    record Lags(int arrived, double p50, double p99, double max) {
    }
}
