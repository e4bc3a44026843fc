package io.keyferry.sink.write;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** How the sink writes a key's state: {@code redis.write.mode}. */
public enum WriteMode implements CodedEnum {
    /** RESTORE of the DUMP payload: fastest, needs a target that reads the payload's RDB version. */
    RESTORE,
    /** DEL, then the type's own write commands and PEXPIREAT, in one MULTI/EXEC per key: any target. */
    TYPED,
    /** RESTORE, and typed writes for the records the target cannot RESTORE. */
    AUTO;

    public static WriteMode fromCode(String code) {
        return CodedEnum.fromCode(WriteMode.class, code, "write mode");
    }

    public static ConfigDef.Validator validator() {
        return CodedEnum.validator(WriteMode.class);
    }
}
