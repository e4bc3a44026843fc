package io.keyferry.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void backoffDoublesAfterEachAttempt() {
        Backoff backoff = new Backoff(ms(100), ms(10_000));
        assertEquals(ms(100), backoff.after(1));
        assertEquals(ms(200), backoff.after(2));
        assertEquals(ms(400), backoff.after(3));
        assertEquals(ms(800), backoff.after(4));
    }

    @Test
    void backoffStopsAtTheCeiling() {
        Backoff backoff = new Backoff(ms(100), ms(1_000));
        assertEquals(ms(800), backoff.after(4));
        assertEquals(ms(1_000), backoff.after(5));
        assertEquals(ms(1_000), backoff.after(6));
        assertEquals(ms(1_000), backoff.after(1_000_000));
        assertEquals(ms(1_000), backoff.after(Integer.MAX_VALUE));
    }

    @Test
    void initialBackoffAboveTheCeilingIsCapped() {
        assertEquals(ms(50), new Backoff(ms(200), ms(50)).after(1));
    }

    @Test
    void zeroBackoffStaysZero() {
        Backoff backoff = new Backoff(Duration.ZERO, ms(1_000));
        assertEquals(Duration.ZERO, backoff.after(1));
        assertEquals(Duration.ZERO, backoff.after(20));
    }
}
