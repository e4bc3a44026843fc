package io.keyferry.common.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An error reply of a Redis server, read once: its code (the reply's first word, as {@code MOVED} in
 * {@code MOVED 3999 10.0.0.2:6379}) and what the reply says: the slot and node of a redirection, whether waiting
 * may mend it, whether the server refused the credentials. Lettuce hands a reply on as its exception's message;
 * the message of an error that is no reply (a timeout, a lost connection) reads as a reply of code
 * {@link Code#OTHER}.
 *
 * @param code the reply's code, {@link Code#OTHER} for one this project does not tell apart
 * @param text the whole reply, empty for an error without a message
 */
public record ErrorReply(Code code, String text) {
    /** The codes told apart, each with whether waiting may mend the error (a busy, loading or resharding server). */
    public enum Code {
        MOVED(true), ASK(true), LOADING(true), BUSY(true), TRYAGAIN(true), CLUSTERDOWN(true), MASTERDOWN(true),
        OOM(true), NOREPLICAS(true), READONLY(true),
        NOAUTH(false), WRONGPASS(false), NOPERM(false), ERR(false),
        /** Any other code (BUSYKEY, WRONGTYPE, ...), or an error that is no reply. */
        OTHER(false);

        private static final Map<String, Code> BY_NAME = Arrays.stream(values())
                .collect(Collectors.toMap(Code::name, Function.identity()));

        private final boolean passing;

        Code(boolean passing) {
            this.passing = passing;
        }
    }

    /**
     * Where a {@code MOVED} or {@code ASK} reply sends the command: to the node that serves the slot now (MOVED),
     * or, for this command only, to the node importing it (ASK).
     */
    public record Redirect(boolean ask, int slot, String host, int port) {
    }

    // A script's command refused while the cluster is down, or for want of memory: a Lua error (Redis 6.2
    // wraps the reply in it), not a CLUSTERDOWN or OOM reply.
    private static final String SCRIPT_CLUSTER_DOWN = "while the cluster is down";
    private static final String SCRIPT_OOM = "OOM command not allowed";
    /** A script's key on another node: a redirection that names no node. */
    private static final String NON_LOCAL_KEY = "non local key";
    /** What follows ERR when the server refused the password (servers older than the WRONGPASS code). */
    private static final String[] CREDENTIALS_REFUSED = {"invalid password", "invalid username-password pair", "AUTH"};

    /** The reply an error carries; {@code error} may be null. */
    public static ErrorReply of(Throwable error) {
        String text = error == null || error.getMessage() == null ? "" : error.getMessage();
        int space = text.indexOf(' ');
        String word = space < 0 ? text : text.substring(0, space);
        return new ErrorReply(Code.BY_NAME.getOrDefault(word, Code.OTHER), text);
    }

    /**
     * Whether the error, or one it wraps, says that the node does not serve the key's slot (MOVED, ASK, or a
     * script's "non local key"): the topology changed, and the command must go elsewhere.
     */
    public static boolean isRedirect(Throwable error) {
        return causes(error).map(ErrorReply::of)
                .anyMatch(reply -> reply.code == Code.MOVED || reply.code == Code.ASK
                        || reply.text.contains(NON_LOCAL_KEY));
    }

    /** The error and the errors it wraps, outermost first. */
    static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause());
    }

    /** The reply after its code: {@code Bad data format} of {@code ERR Bad data format}. */
    public String detail() {
        int space = text.indexOf(' ');
        return space < 0 ? "" : text.substring(space + 1);
    }

    /** Whether waiting may mend the error: the server is loading, busy, out of memory, moving slots, ... */
    public boolean isTransient() {
        return code.passing || text.contains(SCRIPT_CLUSTER_DOWN) || text.contains(SCRIPT_OOM);
    }

    /** Whether the server refused the user or its password (or the user may not run the command). */
    public boolean refusesCredentials() {
        return code == Code.NOAUTH || code == Code.WRONGPASS || code == Code.NOPERM
                || code == Code.ERR && Arrays.stream(CREDENTIALS_REFUSED).anyMatch(detail()::startsWith);
    }

    /** The slot and node of a {@code MOVED} or {@code ASK} reply; empty for any other, or a malformed one. */
    public Optional<Redirect> redirect() {
        if (code != Code.MOVED && code != Code.ASK) {
            return Optional.empty();
        }
        String[] words = text.split(" ");
        String node = words[words.length - 1];
        int colon = node.lastIndexOf(':');
        try {
            return Optional.of(new Redirect(code == Code.ASK, Integer.parseInt(words[1]), node.substring(0, colon),
                    Integer.parseInt(node.substring(colon + 1))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
