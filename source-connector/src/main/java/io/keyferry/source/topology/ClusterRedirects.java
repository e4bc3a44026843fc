package io.keyferry.source.topology;

/**
 * Tells a read refused because the node no longer holds the key's slot (MOVED, ASK, or the script's "non local
 * key") from other errors: the topology changed, and the read must go elsewhere.
 */
public final class ClusterRedirects {
    private ClusterRedirects() {
    }

    public static boolean isRedirect(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.startsWith("MOVED ") || message.startsWith("ASK ") || message.contains("non local key")) {
                return true;
            }
        }
        return false;
    }
}
