package io.keyferry.sink.write;

import static io.keyferry.sink.write.RecordingWriter.keyOf;
import static io.keyferry.sink.write.RecordingWriter.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RetryingWriterTest {
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(25));

    private final List<Long> waits = new ArrayList<>();

    private RetryingWriter retrying(KeyWriter writer) {
        return new RetryingWriter(writer, new RetryLoop(POLICY, waits::add), "the target");
    }

    @Test
    void transientFailuresAreRetriedAloneWithBackoffUntilWritten() throws InterruptedException {
        RecordingWriter target = new RecordingWriter((write, batch, asking) -> keyOf(write).equals("a") && batch < 4
                ? new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory") : null);
        RetryingWriter writer = retrying(target);

        assertEquals(List.of(), writer.write(List.of(stateOf("a"), stateOf("b"))));
        assertEquals(List.of(List.of("a", "b"), List.of("a"), List.of("a"), List.of("a")), target.keysByBatch());
        assertEquals(List.of(10L, 20L, 25L), waits, "doubling up to the ceiling");
        assertEquals(3, writer.retries());
    }

    @Test
    void writesRejectedForAReasonOfTheirOwnAreReturnedAtOnce() throws InterruptedException {
        RedisCommandExecutionException refused = new RedisCommandExecutionException("ERR Bad data format");
        RecordingWriter target = new RecordingWriter((write, batch, asking) -> keyOf(write).equals("bad") ? refused
                : keyOf(write).equals("a") && batch == 1
                        ? new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing") : null);
        RetryingWriter writer = retrying(target);

        List<FailedWrite> rejected = writer.write(List.of(stateOf("a"), stateOf("bad")));

        assertEquals(1, rejected.size());
        assertSame(refused, rejected.get(0).error());
        assertEquals("bad", keyOf(rejected.get(0).write()));
        assertEquals(List.of(List.of("a", "bad"), List.of("a")), target.keysByBatch(), "never retried");
        assertEquals(List.of(10L), waits);
    }

    @Test
    void givesUpAfterThePolicysAttemptsAndHandsTheBatchBack() {
        RedisCommandExecutionException moved = new RedisCommandExecutionException("MOVED 3999 127.0.0.1:7001");
        RecordingWriter target = new RecordingWriter((write, batch, asking) -> moved);
        RetryingWriter writer = retrying(target);

        RetriableException e = assertThrows(RetriableException.class, () -> writer.write(List.of(stateOf("a"))));

        assertEquals(4, target.batches.size());
        assertEquals(List.of(10L, 20L, 25L), waits, "no wait after the last attempt");
        assertSame(moved, e.getCause());
        assertTrue(e.getMessage().startsWith("1 keys could not be written to the target in 4 attempts; last error "
                + "on key \"a\": MOVED 3999"), e.getMessage());
    }
}
