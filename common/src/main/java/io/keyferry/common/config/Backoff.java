package io.keyferry.common.config;

import java.time.Duration;

/** Exponential backoff with a ceiling: the wait after each failed attempt doubles until it reaches {@code max}. */
public record Backoff(Duration initial, Duration max) {
    /** The wait after the given failed attempt (1-based). */
    public Duration after(int attempt) {
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
