package io.keyferry.launcher;

import io.lettuce.core.RedisURI;
import picocli.CommandLine.Option;

/** Source and target addresses and credentials, shared by migrate and compare. */
final class RedisOptions {
    @Option(names = "--source", required = true, paramLabel = "URI",
            description = "Source database: redis://host:port[/db] or rediss://… (TLS).")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URI",
            description = "Target database: redis://host:port[/db] or rediss://… (TLS).")
    String target;

    @Option(names = "--source-user", paramLabel = "USER", description = "ACL user on the source.")
    String sourceUser;

    @Option(names = "--target-user", paramLabel = "USER", description = "ACL user on the target.")
    String targetUser;

    @Option(names = "--source-password", paramLabel = "PASSWORD", defaultValue = "${env:KEYFERRY_SOURCE_PASSWORD}",
            description = "Source password (default: $KEYFERRY_SOURCE_PASSWORD). Never put it in the URI.")
    String sourcePassword;

    @Option(names = "--target-password", paramLabel = "PASSWORD", defaultValue = "${env:KEYFERRY_TARGET_PASSWORD}",
            description = "Target password (default: $KEYFERRY_TARGET_PASSWORD).")
    String targetPassword;

    static RedisURI uri(String uri, String user, String password) {
        RedisURI.Builder builder = RedisURI.builder(RedisURI.create(uri));
        if (password != null && !password.isEmpty()) {
            if (user != null && !user.isEmpty()) {
                builder.withAuthentication(user, password.toCharArray());
            } else {
                builder.withPassword(password.toCharArray());
            }
        }
        return builder.build();
    }

    RedisURI sourceUri() {
        return uri(source, sourceUser, sourcePassword);
    }

    RedisURI targetUri() {
        return uri(target, targetUser, targetPassword);
    }
}
