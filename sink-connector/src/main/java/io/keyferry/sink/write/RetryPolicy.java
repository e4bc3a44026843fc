package io.keyferry.sink.write;

import java.time.Duration;

/** How often and how patiently transient write errors are retried: exponential backoff with a ceiling. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** The wait after the given failed attempt (1-based). */
    public Duration backoffAfter(int attempt) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
