package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Which keys are copied: the SCAN MATCH glob (applied by the server during a scan, and here for keys that
 * arrive as change events), then include and exclude regular expressions for what a glob cannot say.
 * Regular expressions match the key as UTF-8 text (bytes that are not UTF-8 read as U+FFFD); a key must
 * match the include pattern, if any, and must not match the exclude pattern, if any.
 */
public final class KeyFilter {
    private final GlobPattern match;
    private final Pattern include;
    private final Pattern exclude;

    public KeyFilter(String match, String include, String exclude) {
        this.match = match == null || match.isEmpty() ? null : new GlobPattern(match);
        this.include = compile(include);
        this.exclude = compile(exclude);
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }

    /** Whether the regular expressions pass every key (the glob is left to the server during a scan). */
    public boolean regexAcceptsAll() {
        return include == null && exclude == null;
    }

    /** The regular expressions only: for keys that the server's SCAN MATCH already selected. */
    public boolean regexAccepts(byte[] key) {
        if (regexAcceptsAll()) {
            return true;
        }
        String name = new String(key, StandardCharsets.UTF_8);
        return (include == null || include.matcher(name).matches())
                && (exclude == null || !exclude.matcher(name).matches());
    }

    /** The glob and the regular expressions: for keys that arrive as change events. */
    public boolean accepts(byte[] key) {
        return (match == null || match.matches(key)) && regexAccepts(key);
    }
}
