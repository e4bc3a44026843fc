package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void backoffDoublesAfterEachAttempt() {
        RetryPolicy policy = new RetryPolicy(10, ms(100), ms(10_000));
        assertEquals(ms(100), policy.backoffAfter(1));
        assertEquals(ms(200), policy.backoffAfter(2));
        assertEquals(ms(400), policy.backoffAfter(3));
        assertEquals(ms(800), policy.backoffAfter(4));
    }

    @Test
    void backoffStopsAtTheCeiling() {
        RetryPolicy policy = new RetryPolicy(10, ms(100), ms(1_000));
        assertEquals(ms(800), policy.backoffAfter(4));
        assertEquals(ms(1_000), policy.backoffAfter(5));
        assertEquals(ms(1_000), policy.backoffAfter(6));
        assertEquals(ms(1_000), policy.backoffAfter(1_000_000));
        assertEquals(ms(1_000), policy.backoffAfter(Integer.MAX_VALUE));
    }

    @Test
    void initialBackoffAboveTheCeilingIsCapped() {
        assertEquals(ms(50), new RetryPolicy(3, ms(200), ms(50)).backoffAfter(1));
    }

    @Test
    void zeroBackoffStaysZero() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, ms(1_000));
        assertEquals(Duration.ZERO, policy.backoffAfter(1));
        assertEquals(Duration.ZERO, policy.backoffAfter(20));
    }
}
