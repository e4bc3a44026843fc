package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Include and exclude regular expressions on key names, for what SCAN's glob MATCH cannot say. Keys are
 * matched as UTF-8 text (bytes that are not UTF-8 read as U+FFFD); a key must match the include pattern,
 * if any, and must not match the exclude pattern, if any.
 */
public final class KeyFilter {
    private final Pattern include;
    private final Pattern exclude;

    public KeyFilter(String include, String exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }

    public boolean acceptsAll() {
        return include == null && exclude == null;
    }

    public boolean accepts(byte[] key) {
        if (acceptsAll()) {
            return true;
        }
        String name = new String(key, StandardCharsets.UTF_8);
        return (include == null || include.matcher(name).matches())
                && (exclude == null || !exclude.matcher(name).matches());
    }
}
