package io.keyferry.common.config;

import io.lettuce.core.RedisURI;
import java.net.URISyntaxException;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Rejects a {@code redis.uri} that Lettuce cannot parse or that names no host, with an example of a good one. */
final class RedisUriValidator implements ConfigDef.Validator {
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");

    @Override
    public void ensureValid(String name, Object value) {
        String text = value == null ? "" : value.toString().trim();
        String problem = problem(text);
        if (problem != null) {
            // The value itself is not echoed: a URI may carry a password.
            throw new ConfigException(name + " is not a usable Redis URI: " + problem
                    + ". Expected redis://host:port[/database] or rediss://host:port[/database], e.g. redis://127.0.0.1:6379/0");
        }
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
