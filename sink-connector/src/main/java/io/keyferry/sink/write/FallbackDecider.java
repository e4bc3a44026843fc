package io.keyferry.sink.write;

import io.keyferry.common.config.ErrorReply;
import io.keyferry.common.record.DumpPayload;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The decisions of {@code redis.write.mode=auto} for one target: which RESTORE rejections call for typed
 * writes, and what a rejection teaches about later records. Once the target rejected a payload for its
 * RDB version, payloads of that version or newer go straight to typed writes (older ones still try
 * RESTORE); once it answered that it has no RESTORE, every record does.
 */
public final class FallbackDecider {
    /** Why a RESTORE rejection calls for typed writes. */
    public enum Reason {
        /** The target's RDB version is older than the payload's (the same answer covers a bad checksum). */
        RDB_VERSION("the payload's RDB version is newer than the target reads"),
        /** The target does not know the value's encoding (Bad data format). */
        UNKNOWN_FORMAT("the target does not know the payload's value encoding"),
        /** The target has no RESTORE command. */
        NO_RESTORE("the target has no RESTORE command");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private int lowestRejectedVersion = Integer.MAX_VALUE;
    private boolean restoreUnavailable;
    private final Set<Reason> seen = EnumSet.noneOf(Reason.class);

    /** The reason to fall back for a RESTORE error, or empty when the error is the record's or transient. */
    public static Optional<Reason> reason(Throwable error) {
        ErrorReply reply = ErrorReply.of(error);
        if (reply.text().contains("DUMP payload version or checksum are wrong")) {
            return Optional.of(Reason.RDB_VERSION);
        }
        if (reply.code() != ErrorReply.Code.ERR) {
            return Optional.empty();
        }
        if (reply.detail().startsWith("Bad data format")) {
            return Optional.of(Reason.UNKNOWN_FORMAT);
        }
        if (reply.detail().startsWith("unknown command") && reply.text().toLowerCase(Locale.ROOT).contains("restore")) {
            return Optional.of(Reason.NO_RESTORE);
        }
        return Optional.empty();
    }

    /** Whether a record carrying this payload skips RESTORE, given what the target rejected so far. */
    public boolean skipsRestore(byte[] dump) {
        return restoreUnavailable || DumpPayload.rdbVersion(dump) >= lowestRejectedVersion;
    }

    /**
     * Whether a rejected payload may be written type by type. The target answers a bad checksum and a too
     * new version alike; only a payload whose checksum matches was rejected for its version. A corrupt one
     * must be reported, not decoded.
     */
    public static boolean fallbackAllowed(Reason reason, byte[] dump) {
        return reason != Reason.RDB_VERSION || DumpPayload.checksumMatches(dump);
    }

    /**
     * Remembers what a rejection says about the target.
     *
     * @return true the first time the target gave this reason, for a one-time log line
     */
    public boolean learn(Reason reason, byte[] dump) {
        if (reason == Reason.RDB_VERSION) {
            lowestRejectedVersion = Math.min(lowestRejectedVersion, DumpPayload.rdbVersion(dump));
        } else if (reason == Reason.NO_RESTORE) {
            restoreUnavailable = true;
        }
        return seen.add(reason);
    }
}
