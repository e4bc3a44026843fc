package io.keyferry.sink.write;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.List;

/**
 * Tells transient write errors (worth retrying: the target is unreachable, loading, busy or moving slots)
 * from errors that belong to one record (its payload is rejected, the ACL forbids the key, ...).
 */
final class WriteError {
    private static final List<String> TRANSIENT_REPLIES = List.of(
            "LOADING", "BUSY ", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "OOM ", "NOREPLICAS", "READONLY");
    private static final List<String> DISCONNECTED = List.of("Connection closed", "Currently not connected",
            "Connection reset", "Connection refused");

    private WriteError() {
    }

    static boolean isTransient(Throwable error) {
        if (error instanceof RedisConnectionException || error instanceof RedisCommandTimeoutException) {
            return true;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof RedisException && DISCONNECTED.stream().anyMatch(message::contains)) {
            return true;
        }
        return TRANSIENT_REPLIES.stream().anyMatch(message::startsWith)
                || error instanceof java.io.IOException;
    }
}
