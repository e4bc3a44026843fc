package io.keyferry.source;

import java.util.Arrays;
import org.apache.kafka.common.config.ConfigDef;

/** What the source copies: the keys once, the keys and then their changes, or only the changes. */
public enum SourceMode {
    SNAPSHOT("snapshot"),
    LIVE("live"),
    LIVEONLY("liveonly");

    private final String code;

    SourceMode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean followsChanges() {
        return this != SNAPSHOT;
    }

    public static SourceMode fromCode(String code) {
        return Arrays.stream(values()).filter(mode -> mode.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + code + "'"));
    }

    static ConfigDef.Validator validator() {
        return ConfigDef.ValidString.in(Arrays.stream(values()).map(SourceMode::code).toArray(String[]::new));
    }
}
