package io.keyferry.source.record;

import java.util.Arrays;
import org.apache.kafka.common.config.ConfigDef;

/** What a record's value holds: {@code redis.format} (see docs/record-format.md). */
public enum ValueFormat {
    /** The key's DUMP payload, raw bytes. */
    DUMP("dump"),
    /** The key's typed value as a Connect Struct (io.keyferry.common.value.ValueStruct). */
    STRUCT("struct");

    private final String code;

    ValueFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ValueFormat fromCode(String code) {
        return Arrays.stream(values()).filter(format -> format.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + code + "'"));
    }

    public static ConfigDef.Validator validator() {
        return ConfigDef.ValidString.in(Arrays.stream(values()).map(ValueFormat::code).toArray(String[]::new));
    }
}
