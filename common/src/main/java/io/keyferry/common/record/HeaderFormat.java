package io.keyferry.common.record;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** How a record carries its metadata: {@code redis.record.headers} (see docs/record-format.md, "Headers"). */
public enum HeaderFormat implements CodedEnum {
    /** One header, {@code redis.meta}, holding every field as text ({@link CompactHeader}). */
    COMPACT,
    /** One header per field ({@code redis.op}, {@code redis.db}, ...), as the first versions wrote. */
    SEPARATE;

    public static HeaderFormat fromCode(String code) {
        return CodedEnum.fromCode(HeaderFormat.class, code, "header format");
    }

    public static ConfigDef.Validator validator() {
        return CodedEnum.validator(HeaderFormat.class);
    }
}
