package io.keyferry.common.config;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens what a task needs of its server, and while the server does not answer (down, restarting, LOADING,
 * failing over) tries again with backoff instead of failing the task: Connect never restarts a failed task, so
 * a task started during an outage would otherwise stay failed after the server came back. Each failed attempt
 * is logged; an error a retry cannot mend (wrong password, a refused command) is thrown at once.
 *
 * @param <T> what is opened; the opener closes what it opened when it fails
 */
public final class OpenAttempts<T> {
    private static final Logger log = LoggerFactory.getLogger(OpenAttempts.class);

    private final String server;
    private final Backoff backoff;
    private final Supplier<T> opener;
    private volatile T opened;
    private int failures;
    private volatile long failuresTotal;
    private long nextAttempt = System.nanoTime();

    /** @param server what is opened, for the log: a URI without credentials */
    public OpenAttempts(String server, Backoff backoff, Supplier<T> opener) {
        this.server = server;
        this.backoff = backoff;
        this.opener = opener;
    }

    /**
     * Opens, unless already open or the backoff after the last failure has not passed yet.
     *
     * @return what was opened, or null while the server does not answer
     */
    public T open() {
        if (opened != null || System.nanoTime() - nextAttempt < 0) {
            return opened;
        }
        try {
            opened = opener.get();
        } catch (RuntimeException e) {
            if (!TransientErrors.isTransient(e)) {
                throw e;
            }
            failures++;
            failuresTotal++;
            long wait = backoff.after(failures).toMillis();
            nextAttempt = System.nanoTime() + wait * 1_000_000;
            log.warn("Cannot reach {} ({}); attempt {} failed, trying again in {} ms", server,
                    ConnectionCheck.describe(e), failures, wait);
            return null;
        }
        if (failures > 0) {
            log.info("{} answers after {} failed attempts; carrying on", server, failures);
        }
        failures = 0;
        return opened;
    }

    /** Milliseconds until the next attempt may be made; 0 when it may be made now or all is open. */
    public long millisToNextAttempt() {
        return opened != null ? 0 : Math.max(0, (nextAttempt - System.nanoTime()) / 1_000_000);
    }

    /** 1 while the server has not answered yet, else 0: a gauge. */
    public long waiting() {
        return opened == null ? 1 : 0;
    }

    /** Failed attempts so far: a gauge. */
    public long failures() {
        return failuresTotal;
    }

    /** What was opened, or null. */
    public T opened() {
        return opened;
    }
}
