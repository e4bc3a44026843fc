package io.keyferry.source;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** What the source copies: the keys once, the keys and then their changes, or only the changes. */
public enum SourceMode implements CodedEnum {
    SNAPSHOT,
    LIVE,
    LIVEONLY;

    public boolean followsChanges() {
        return this != SNAPSHOT;
    }

    public static SourceMode fromCode(String code) {
        return CodedEnum.fromCode(SourceMode.class, code, "mode");
    }

    static ConfigDef.Validator validator() {
        return CodedEnum.validator(SourceMode.class);
    }
}
