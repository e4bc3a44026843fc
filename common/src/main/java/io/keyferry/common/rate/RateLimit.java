package io.keyferry.common.rate;

import java.util.function.LongSupplier;

/**
 * A limit on how fast a count may grow (keys read, bytes emitted, writes), as a token bucket that holds at most
 * one second's worth. The count is read from its own counter, so the work is done first and paid for after: a
 * batch bigger than the bucket may pass, and the next one waits until the debt is paid. Over any long stretch the
 * rate stays under the limit; a burst is at most one second's worth plus one batch.
 */
public final class RateLimit {
    private static final double NANOS = 1_000_000_000d;

    private final double perSecond;
    private final LongSupplier count;
    private final LongSupplier clock;
    private double available;
    private long counted;
    private long refilledAt;

    /** @param perSecond the most the count may grow by per second; 0 for no limit */
    public static RateLimit of(long perSecond, LongSupplier count) {
        return new RateLimit(perSecond, count, System::nanoTime);
    }

    /** One task's share of a connector's limit: the limit over the tasks, rounded up (0, no limit, stays 0). */
    public static long share(long perSecond, int tasks) {
        return (perSecond + Math.max(1, tasks) - 1) / Math.max(1, tasks);
    }

    RateLimit(long perSecond, LongSupplier count, LongSupplier clock) {
        this.perSecond = perSecond;
        this.count = count;
        this.clock = clock;
        this.available = perSecond;
        this.counted = count.getAsLong();
        this.refilledAt = clock.getAsLong();
    }

    public boolean limited() {
        return perSecond > 0;
    }

    /** @return how long to wait before doing more, in milliseconds; 0 when nothing is owed or there is no limit */
    public synchronized long millisToWait() {
        if (!limited()) {
            return 0;
        }
        long now = clock.getAsLong();
        long total = count.getAsLong();
        available = Math.min(perSecond, available + (now - refilledAt) / NANOS * perSecond) - (total - counted);
        refilledAt = now;
        counted = total;
        return available >= 0 ? 0 : (long) Math.ceil(-available / perSecond * 1000);
    }
}
