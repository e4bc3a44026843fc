package io.keyferry.common.config;

import io.lettuce.core.RedisURI;
import java.net.URISyntaxException;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Rejects a {@code redis.uri} that Lettuce cannot parse, that names no host, or that carries credentials
 * (Connect shows the URI in clear in its REST API and logs), with an example of a good one.
 */
public final class RedisUriValidator implements ConfigDef.Validator {
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        if (hasCredentials(text)) {
            throw new ConfigException(name + " carries credentials, which Connect shows in clear in its REST API "
                    + "and logs: remove them from the URI, and set " + RedisConnectionConfig.USER + " and "
                    + RedisConnectionConfig.PASSWORD + " (masked) instead");
        }
        String problem = problem(text);
        if (problem != null) {
            // The value itself is not echoed: a URI may carry a password.
            throw new ConfigException(name + " is not a usable Redis URI: " + problem
                    + ". Expected redis://host:port[/database] or rediss://host:port[/database], "
                    + "e.g. redis://127.0.0.1:6379/0");
        }
    }

    /**
     * Whether the URI has a user or password before its host ({@code redis://:secret@host}; Lettuce reads a
     * lone {@code redis://secret@host} as a password too). Told without parsing the whole URI, whose parser
     * would quote it in its errors.
     */
    public static boolean hasCredentials(String text) {
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            return false;
        }
        String authority = text.substring(scheme + 3);
        int end = authority.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = authority.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return authority.substring(0, end).contains("@");
    }

    private static String problem(String text) {
        if (text.isEmpty()) {
            return "it is empty";
        }
        java.net.URI parsed;
        try {
            parsed = new java.net.URI(text);
        } catch (URISyntaxException e) {
            // The reason and index only: the parser's full message quotes the input, password included.
            return "it is not a URI (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme())) {
            return "the scheme must be redis or rediss";
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "it names no host";
        }
        try {
            RedisURI.create(text);
        } catch (RuntimeException e) {
            String userInfo = parsed.getRawUserInfo();
            boolean quotesSecret = e.getMessage() == null || userInfo != null && e.getMessage().contains(userInfo);
            return quotesSecret ? "it cannot be parsed" : e.getMessage();
        }
        return null;
    }

    @Override
    public String toString() {
        return "redis://host:port[/database] or rediss://host:port[/database]";
    }
}
