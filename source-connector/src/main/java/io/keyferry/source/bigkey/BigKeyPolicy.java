package io.keyferry.source.bigkey;

import io.keyferry.common.config.CodedEnum;
import org.apache.kafka.common.config.ConfigDef;

/** What the source does with a key too big for one record: {@code redis.big.keys}. */
public enum BigKeyPolicy implements CodedEnum {
    /** Copied in parts, each a record under the limit, which the sink assembles before the key appears whole. */
    CHUNK,
    /** Left out, each logged by name and counted in the big-keys-skipped metric. */
    SKIP;

    public static BigKeyPolicy fromCode(String code) {
        return CodedEnum.fromCode(BigKeyPolicy.class, code, "big key policy");
    }

    public static ConfigDef.Validator validator() {
        return CodedEnum.validator(BigKeyPolicy.class);
    }
}
