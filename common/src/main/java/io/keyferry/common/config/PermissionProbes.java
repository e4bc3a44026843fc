package io.keyferry.common.config;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands a connector will run, each tried in {@code validate()} in a form that changes nothing (a key that
 * does not exist, a condition that does not hold), so that a user whose ACL lacks one fails validation with the
 * command's name. Only a NOPERM answer counts: the other errors the harmless forms provoke are expected.
 */
public final class PermissionProbes {
    private static final Logger log = LoggerFactory.getLogger(PermissionProbes.class);
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

    /**
     * Runs the probes and reports each refused command through {@code error}, with the rule to add. A server
     * that does not answer a probe (a timeout, a paused or lost connection) is not probed further: validation
     * does not fail for it, and the task waits for such a server anyway.
     */
    public void run(Consumer<String> error) {
        for (Map.Entry<String, Runnable> probe : probes.entrySet()) {
            String command = probe.getKey();
            try {
                probe.getValue().run();
            } catch (RedisCommandExecutionException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("NOPERM")) {
                    String rule = message.contains("channel") ? "&__keyevent@" + endpoint.database() + "__:* and +"
                            + command : "+" + command;
                    error.accept("The user may not run " + command.replace("|", " ").toUpperCase(Locale.ROOT) + " on "
                            + endpoint.describe() + " (" + message + "), which " + connector + " needs: add " + rule
                            + " to its ACL rules (see the README, Least privilege)");
                }
            } catch (RedisException unanswered) {
                log.warn("{} did not answer {} while its permissions were checked ({}); the rest are not checked",
                        endpoint.describe(), command, unanswered.getMessage());
                return;
            }
        }
    }
}
