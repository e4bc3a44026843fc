package io.keyferry.common.record;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A Redis glob pattern (as in SCAN MATCH and KEYS: {@code * ? [abc] [^a] [a-z] \x}) matched on the
 * client, byte for byte like the server, for keys that arrive without a SCAN (change events).
 */
public final class GlobPattern {
    private final Pattern regex;

    public GlobPattern(String glob) {
        this.regex = Pattern.compile(toRegex(latin1(glob.getBytes(StandardCharsets.UTF_8))), Pattern.DOTALL);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public boolean matches(byte[] key) {
        return regex.matcher(latin1(key)).matches();
    }

    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append("\\\\");
                    }
                }
                case '[' -> i = appendClass(glob, i, regex);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** Appends the character class starting at {@code start} and returns the index of its closing bracket. */
    private static int appendClass(String glob, int start, StringBuilder regex) {
        int i = start + 1;
        StringBuilder members = new StringBuilder();
        boolean negated = i < glob.length() && glob.charAt(i) == '^';
        if (negated) {
            i++;
        }
        for (; i < glob.length() && glob.charAt(i) != ']'; i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            if (i + 2 < glob.length() && glob.charAt(i + 1) == '-' && glob.charAt(i + 2) != ']') {
                char to = glob.charAt(i + 2);
                char low = (char) Math.min(c, to);
                char high = (char) Math.max(c, to);
                members.append(escapeInClass(low)).append('-').append(escapeInClass(high));
                i += 2;
            } else {
                members.append(escapeInClass(c));
            }
        }
        // Like Redis, an unclosed class runs to the end of the pattern.
        regex.append(members.length() == 0 ? (negated ? "." : "(?!)") : "[" + (negated ? "^" : "") + members + "]");
        return i;
    }

    private static String escapeInClass(char c) {
        return String.format("\\x{%x}", (int) c);
    }
}
