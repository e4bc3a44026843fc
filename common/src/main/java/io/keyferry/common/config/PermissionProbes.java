package io.keyferry.common.config;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commands a connector will run, each tried in {@code validate()} in a form that changes nothing (a key that
 * does not exist, a condition that does not hold), so that a user whose ACL lacks one fails validation with the
 * command's name. Only a NOPERM answer counts: the other errors the harmless forms provoke are expected.
 */
public final class PermissionProbes {
    private final RedisEndpoint endpoint;
    private final String connector;
    private final Map<String, Runnable> probes = new LinkedHashMap<>();

    /** @param connector who needs the commands, for the message: "the source" or "the sink" */
    public PermissionProbes(RedisEndpoint endpoint, String connector) {
        this.endpoint = endpoint;
        this.connector = connector;
    }

    /** @param command as an ACL rule names it: "dump", "xinfo|stream" */
    public PermissionProbes add(String command, Runnable probe) {
        probes.put(command, probe);
        return this;
    }

    /** Runs every probe and reports each refused command through {@code error}, with the rule to add. */
    public void run(Consumer<String> error) {
        probes.forEach((command, probe) -> {
            try {
                probe.run();
            } catch (RedisCommandExecutionException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("NOPERM")) {
                    String rule = message.contains("channel") ? "&__keyevent@" + endpoint.database() + "__:* and +"
                            + command : "+" + command;
                    error.accept("The user may not run " + command.replace("|", " ").toUpperCase(Locale.ROOT) + " on "
                            + endpoint.describe() + " (" + message + "), which " + connector + " needs: add " + rule
                            + " to its ACL rules (see the README, Least privilege)");
                }
            }
        });
    }
}
