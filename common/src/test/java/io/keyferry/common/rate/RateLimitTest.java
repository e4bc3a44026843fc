package io.keyferry.common.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aSecondsWorthPassesThenTheDebtIsWaitedFor() {
        RateLimit limit = new RateLimit(1_000, count::get, nanos::get);
        count.addAndGet(1_000);
        assertEquals(0, limit.millisToWait(), "one second's worth is in the bucket");
        count.addAndGet(500);
        assertEquals(500, limit.millisToWait(), "500 owed at 1,000 a second");
        nanos.addAndGet(250_000_000);
        assertEquals(250, limit.millisToWait());
        nanos.addAndGet(250_000_000);
        assertEquals(0, limit.millisToWait());
    }

    @Test
    void idleTimeSavesUpOneSecondAtMost() {
        RateLimit limit = new RateLimit(100, count::get, nanos::get);
        nanos.addAndGet(60_000_000_000L);
        count.addAndGet(150);
        assertEquals(500, limit.millisToWait(), "a minute idle saved up 100, not 6,000");
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimit limit = RateLimit.of(0, count::get);
        count.addAndGet(1_000_000);
        assertFalse(limit.limited());
        assertEquals(0, limit.millisToWait());
    }
}
