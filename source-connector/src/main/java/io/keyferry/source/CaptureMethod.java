package io.keyferry.source;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** How a live source learns what changed: {@code redis.capture}. */
public enum CaptureMethod implements CodedEnum {
    /** SCAN snapshot, then keyspace notifications (fire and forget: a gap costs a resync). */
    NOTIFICATIONS,
    /** The task is a replica: the snapshot from the RDB, then every write of the replication stream, resumable. */
    REPLICATION;

    public static CaptureMethod fromCode(String code) {
        return CodedEnum.fromCode(CaptureMethod.class, code, "capture method");
    }

    static ConfigDef.Validator validator() {
        return CodedEnum.validator(CaptureMethod.class);
    }
}
