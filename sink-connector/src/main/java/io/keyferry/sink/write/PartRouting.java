package io.keyferry.sink.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the parts of big keys to the {@link PartWriter}s and every other write to the writer of the configured
 * mode. A batch holds at most one write per key, and a big key's parts before its last are written in a batch
 * of their own before the rest ({@code RedisSinkTask}), so the two writers never race for one key.
 */
final class PartRouting implements KeyWriter {
    private final KeyWriter whole;
    private final KeyWriter parts;

    PartRouting(KeyWriter whole, KeyWriter parts) {
        this.whole = whole;
        this.parts = parts;
    }

    @Override
    public List<FailedWrite> write(List<KeyWrite> writes) throws InterruptedException {
        List<KeyWrite> toParts = new ArrayList<>();
        List<KeyWrite> toWhole = new ArrayList<>();
        for (KeyWrite write : writes) {
            (write instanceof KeyWrite.Part ? toParts : toWhole).add(write);
        }
        List<FailedWrite> failed = new ArrayList<>();
        if (!toWhole.isEmpty()) {
            failed.addAll(whole.write(toWhole));
        }
        if (!toParts.isEmpty()) {
            failed.addAll(parts.write(toParts));
        }
        return failed;
    }

    @Override
    public long waitForReplicas(int replicas, Duration timeout) throws InterruptedException {
        return Math.min(whole.waitForReplicas(replicas, timeout), parts.waitForReplicas(replicas, timeout));
    }

    @Override
    public void close() {
        whole.close();
        parts.close();
    }
}
