package io.keyferry.sink.write;

import java.util.Arrays;
import org.apache.kafka.common.config.ConfigDef;

/** How the sink writes a key's state: {@code redis.write.mode}. */
public enum WriteMode {
    /** RESTORE of the DUMP payload: fastest, needs a target that reads the payload's RDB version. */
    RESTORE("restore"),
    /** DEL, then the type's own write commands and PEXPIREAT, in one MULTI/EXEC per key: any target. */
    TYPED("typed"),
    /** RESTORE, and typed writes for the records the target cannot RESTORE. */
    AUTO("auto");

    private final String code;

    WriteMode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static WriteMode fromCode(String code) {
        return Arrays.stream(values()).filter(mode -> mode.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown write mode '" + code + "'"));
    }

    public static ConfigDef.Validator validator() {
        return ConfigDef.ValidString.in(Arrays.stream(values()).map(WriteMode::code).toArray(String[]::new));
    }
}
