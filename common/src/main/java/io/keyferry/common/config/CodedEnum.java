package io.keyferry.common.config;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * An enum known outside the code by a lowercase code, its constant's name in lower case: the value of a
 * configuration key ({@code redis.mode=live}) or of a header ({@code redis.op=delete}).
 */
public interface CodedEnum {
    /** The constant's name; every enum has it. */
    String name();

    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant with this code; {@code what} names the setting in the message, e.g. "write mode". */
    static <E extends Enum<E> & CodedEnum> E fromCode(Class<E> type, String code, String what) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + code + "'"));
    }

    /** A ConfigDef validator that accepts the codes, and lists them in the documentation. */
    static <E extends Enum<E> & CodedEnum> ConfigDef.Validator validator(Class<E> type) {
        return ConfigDef.ValidString.in(Arrays.stream(type.getEnumConstants()).map(CodedEnum::code)
                .toArray(String[]::new));
    }
}
