package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.DumpPayload;
import io.keyferry.sink.write.FallbackDecider.Reason;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbackDeciderTest {
    /** A string value "x" framed with the given RDB version. */
    private static byte[] payload(int rdbVersion) {
        return DumpPayload.frame(new byte[] {0, 1, 'x'}, rdbVersion);
    }

    private static Optional<Reason> reason(String answer) {
        return FallbackDecider.reason(new RedisCommandExecutionException(answer));
    }

    @Test
    void versionFormatAndMissingRestoreCallForTypedWrites() {
        assertEquals(Optional.of(Reason.RDB_VERSION), reason("ERR DUMP payload version or checksum are wrong"));
        assertEquals(Optional.of(Reason.UNKNOWN_FORMAT), reason("ERR Bad data format"));
        assertEquals(Optional.of(Reason.NO_RESTORE),
                reason("ERR unknown command 'RESTORE', with args beginning with: 'k'"));
    }

    @Test
    void otherErrorsAreTheRecordsOrTransient() {
        assertEquals(Optional.empty(), reason("NOPERM this user has no permissions to run the 'restore' command"));
        assertEquals(Optional.empty(), reason("OOM command not allowed when used memory > 'maxmemory'."));
        assertEquals(Optional.empty(), reason("ERR unknown command 'FOO'"));
        assertEquals(Optional.empty(), FallbackDecider.reason(new RedisCommandTimeoutException("no reply")));
        assertEquals(Optional.empty(), FallbackDecider.reason(null));
    }

    @Test
    void aCorruptPayloadIsNotAVersionProblem() {
        byte[] corrupt = payload(11);
        corrupt[2] ^= 1;
        assertFalse(FallbackDecider.fallbackAllowed(Reason.RDB_VERSION, corrupt));
        assertTrue(FallbackDecider.fallbackAllowed(Reason.RDB_VERSION, payload(11)));
        assertTrue(FallbackDecider.fallbackAllowed(Reason.UNKNOWN_FORMAT, corrupt), "decoding will tell");
    }

    @Test
    void aRejectedVersionSendsThatVersionAndNewerStraightToTypedWrites() {
        FallbackDecider decider = new FallbackDecider();
        assertFalse(decider.skipsRestore(payload(11)));
        assertTrue(decider.learn(Reason.RDB_VERSION, payload(11)), "first time: log it");
        assertFalse(decider.learn(Reason.RDB_VERSION, payload(12)), "said once");
        assertTrue(decider.skipsRestore(payload(11)));
        assertTrue(decider.skipsRestore(payload(12)));
        assertFalse(decider.skipsRestore(payload(10)), "an older payload may still RESTORE");
    }

    @Test
    void anUnknownFormatIsDecidedRecordByRecord() {
        FallbackDecider decider = new FallbackDecider();
        assertTrue(decider.learn(Reason.UNKNOWN_FORMAT, payload(10)));
        assertFalse(decider.learn(Reason.UNKNOWN_FORMAT, payload(10)));
        assertFalse(decider.skipsRestore(payload(10)));
    }

    @Test
    void aTargetWithoutRestoreGetsTypedWritesOnly() {
        FallbackDecider decider = new FallbackDecider();
        decider.learn(Reason.NO_RESTORE, payload(9));
        assertTrue(decider.skipsRestore(payload(1)));
    }
}
