package io.keyferry.sink.write;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A writer without a server, for tests: it records each batch it is given and answers each write as told; WAIT
 * answers come from a script ({@link #replicaAnswers}).
 */
final class RecordingWriter implements PipelinedKeyWriter {
    /** What the target answers a write of the writer's {@code batch}th batch (from 1): null when it took it. */
    @FunctionalInterface
    interface Answers {
        Throwable answer(KeyWrite write, int batch, boolean asking);
    }

    /** One batch as the writer was given it. */
    record Batch(List<KeyWrite> writes, boolean asking) {
        List<String> keys() {
            return writes.stream().map(RecordingWriter::keyOf).toList();
        }
    }

    final List<Batch> batches = new ArrayList<>();
    /** The answers of the coming WAITs, in order: a count of replicas, or a RuntimeException to throw. */
    final Deque<Object> replicaAnswers = new ArrayDeque<>();
    int waits;
    boolean closed;
    private final Answers answers;

    RecordingWriter(Answers answers) {
        this.answers = answers;
    }

    /** A persistent key's state, as a payload nothing reads. */
    static KeyWrite.Dump stateOf(String key) {
        return new KeyWrite.Dump(null, key.getBytes(StandardCharsets.UTF_8), new byte[] {0}, -1);
    }

    static String keyOf(KeyWrite write) {
        return new String(write.key(), StandardCharsets.UTF_8);
    }

    /** A writer whose target takes every write. */
    static RecordingWriter takingAll() {
        return new RecordingWriter((write, batch, asking) -> null);
    }

    /** The keys of every batch, in order. */
    List<List<String>> keysByBatch() {
        return batches.stream().map(Batch::keys).toList();
    }

    @Override
    public SentWrites send(List<KeyWrite> writes, boolean asking) {
        batches.add(new Batch(List.copyOf(writes), asking));
        SentWrites sent = new SentWrites(Duration.ZERO);
        for (KeyWrite write : writes) {
            Throwable error = answers.answer(write, batches.size(), asking);
            sent.add(write, deadline -> error);
        }
        return sent.flushed();
    }

    @Override
    public long waitForReplicas(int replicas, Duration timeout) {
        waits++;
        Object answer = replicaAnswers.remove();
        if (answer instanceof RuntimeException error) {
            throw error;
        }
        return (Long) answer;
    }

    @Override
    public void close() {
        closed = true;
    }
}
