package io.keyferry.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyferry.source.topology.SourceLane;
import io.keyferry.source.topology.SourceLayout;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneFailuresTest {
    /** Counts the layout's redirect notices; the lanes themselves play no part here. */
    private static final class CountingLayout implements SourceLayout {
        int redirects;

        @Override
        public List<SourceLane> lanes() {
            return List.of();
        }

        @Override
        public SourceLane laneOf(byte[] key) {
            return null;
        }

        @Override
        public boolean follow() {
            return false;
        }

        @Override
        public void redirected() {
            redirects++;
        }

        @Override
        public String describe() {
            return "test layout";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRedirectAsksForTheTopologyAndIsNotAFailure() {
        CountingLayout layout = new CountingLayout();
        LaneFailures failures = new LaneFailures(layout);
        failures.note(new RedisCommandExecutionException("MOVED 12 127.0.0.1:7001"));
        assertEquals(1, layout.redirects);
        assertDoesNotThrow(failures::throwFirst);
    }

    @Test
    void theFirstFailureIsThrownOnceWithTheOthersSuppressed() {
        LaneFailures failures = new LaneFailures(new CountingLayout());
        RuntimeException first = new RedisCommandTimeoutException("node a");
        RuntimeException second = new RedisCommandTimeoutException("node b");
        failures.note(first);
        failures.note(second);
        assertSame(first, assertThrows(RedisCommandTimeoutException.class, failures::throwFirst));
        assertSame(second, first.getSuppressed()[0]);
        assertDoesNotThrow(failures::throwFirst);
    }
}
