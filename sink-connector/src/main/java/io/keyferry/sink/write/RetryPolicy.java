package io.keyferry.sink.write;

import io.keyferry.common.config.Backoff;
import java.time.Duration;

/**
 * How often and how patiently transient write errors are retried within one batch: exponential backoff with a
 * ceiling.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** The wait after the given failed attempt (1-based). */
    public Duration backoffAfter(int attempt) {
        return backoff().after(attempt);
    }

    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
