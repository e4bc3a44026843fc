package io.keyferry.source.record;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** What a record's value holds: {@code redis.format} (see docs/record-format.md). */
public enum ValueFormat implements CodedEnum {
    /** The key's DUMP payload, raw bytes. */
    DUMP,
    /** The key's typed value as a Connect Struct (io.keyferry.common.value.ValueStruct). */
    STRUCT;

    public static ValueFormat fromCode(String code) {
        return CodedEnum.fromCode(ValueFormat.class, code, "format");
    }

    public static ConfigDef.Validator validator() {
        return CodedEnum.validator(ValueFormat.class);
    }
}
