package io.keyferry.sink.write;

/**
 * Tries an action until it succeeds, waiting the policy's backoff after each attempt that fell short, and gives
 * up once the policy's attempts are spent: the retry loop of the writes ({@link RetryingWriter}) and of the waits
 * for replicas ({@link ReplicaWaiter}).
 */
final class RetryLoop {
    /**
     * An action to retry, and what is said of it between attempts.
     *
     * @param <S> what an attempt that fell short left undone
     */
    interface Action<S> {
        /** @return null when the action succeeded, else what it left undone */
        S attempt() throws InterruptedException;

        /** Says that the action is tried again, retry {@code retry} of {@code retries}, in {@code waitMillis}. */
        void retrying(S shortfall, int retry, int retries, long waitMillis);

        /** The failure to throw once all the policy's attempts, {@code attempts} of them, fell short. */
        RuntimeException gaveUp(S shortfall, int attempts);
    }

    /** How the loop waits between attempts: {@link Thread#sleep}, or a test's record of the waits. */
    @FunctionalInterface
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Pause pause;

    RetryLoop(RetryPolicy policy, Pause pause) {
        this.policy = policy;
        this.pause = pause;
    }

    /** Runs the action until an attempt succeeds; throws its {@link Action#gaveUp} failure when none did. */
    <S> void run(Action<S> action) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            S shortfall = action.attempt();
            if (shortfall == null) {
                return;
            }
            if (attempt >= policy.maxAttempts()) {
                throw action.gaveUp(shortfall, attempt);
            }
            long wait = policy.backoffAfter(attempt).toMillis();
            action.retrying(shortfall, attempt, policy.maxAttempts() - 1, wait);
            pause.sleep(wait);
        }
    }
}
