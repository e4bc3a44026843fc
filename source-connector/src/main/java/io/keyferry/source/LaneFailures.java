package io.keyferry.source;

import io.keyferry.common.config.ErrorReply;
import io.keyferry.source.topology.SourceLayout;

/**
 * What went wrong on the lanes during one poll. A failing lane must not stop the others, so each failure is
 * noted and the poll goes on: a redirected read (the slot moved) makes the layout look at the topology at
 * once; any other failure is kept, and the first one is thrown once the poll has done what it could.
 */
final class LaneFailures {
    private final SourceLayout layout;
    private RuntimeException first;

    LaneFailures(SourceLayout layout) {
        this.layout = layout;
    }

    void note(RuntimeException failure) {
        if (ErrorReply.isRedirect(failure)) {
            layout.redirected();
        } else if (first == null) {
            first = failure;
        } else if (first != failure) {
            first.addSuppressed(failure);
        }
    }

    /** Throws the first failure noted since the last call, if any. */
    void throwFirst() {
        RuntimeException failure = first;
        first = null;
        if (failure != null) {
            throw failure;
        }
    }
}
