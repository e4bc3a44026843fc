package io.keyferry.source.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyspaceResetsTest {
    private static final String INFO = "# Commandstats\r\n"
            + "cmdstat_set:calls=12,usec=40,usec_per_call=3.33,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_flushall:calls=2,usec=900,usec_per_call=450.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_flushdb:calls=7,usec=10,usec_per_call=1.43,rejected_calls=1,failed_calls=0\r\n";

    @Test
    void readsTheCallsOfTheWatchedCommandsOnly() {
        assertEquals(Map.of("flushall", 2L, "flushdb", 7L), KeyspaceResets.parse(INFO));
    }

    @Test
    void aCountThatGrewOrAppearedIsARun() {
        assertEquals(List.of("FLUSHALL", "SWAPDB"), KeyspaceResets.ran(Map.of("flushall", 1L, "flushdb", 3L),
                Map.of("flushall", 2L, "flushdb", 3L, "swapdb", 1L)));
        assertEquals(List.of(), KeyspaceResets.ran(Map.of("flushdb", 3L), Map.of("flushdb", 3L)));
    }

    /** CONFIG RESETSTAT: an absent count is no run; a count that is lower but not zero ran after the reset. */
    @Test
    void countsResetByResetstatAreRunsOnlyWhenTheyMovedSince() {
        assertEquals(List.of(), KeyspaceResets.ran(Map.of("flushall", 5L, "flushdb", 2L), Map.of()));
        assertEquals(List.of("FLUSHALL"), KeyspaceResets.ran(Map.of("flushall", 5L), Map.of("flushall", 1L)));
    }
}
