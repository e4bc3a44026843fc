package io.keyferry.common.config;

import io.lettuce.core.RedisCommandExecutionException;

/** Tells a command the server will never run for this user (ACL, renamed away) from a passing refusal (BUSY, ...). */
public final class CommandRefusals {
    private CommandRefusals() {
    }

    /** Whether the error means the command is not available to this user at all. */
    public static boolean isPermanent(RedisCommandExecutionException error) {
        String message = String.valueOf(error.getMessage());
        return message.startsWith("NOPERM") || message.startsWith("ERR unknown command");
    }
}
