package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ReplicaWaiterTest {
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));

    private final RecordingWriter target = RecordingWriter.takingAll();
    private final List<Long> waits = new ArrayList<>();

    private ReplicaWaiter waiter(int replicas) {
        return new ReplicaWaiter(target, replicas, Duration.ofMillis(100), new RetryLoop(POLICY, waits::add),
                "the target");
    }

    @Test
    void noReplicasAskedForMeansNoWait() {
        assertDoesNotThrow(() -> waiter(0).await());
        assertEquals(0, target.waits);
    }

    @Test
    void tooFewAcknowledgementsAreWaitedForAgainWithBackoff() throws InterruptedException {
        target.replicaAnswers.addAll(List.of(1L, new RedisCommandTimeoutException("no reply in time"), 2L));
        waiter(2).await();
        assertEquals(3, target.waits);
        assertEquals(List.of(10L, 20L), waits);
    }

    @Test
    void tooFewAcknowledgementsOnEveryAttemptFailTheTask() {
        target.replicaAnswers.addAll(List.of(1L, 0L, 1L));
        ConnectException e = assertThrows(ConnectException.class, () -> waiter(2).await());
        assertEquals(ConnectException.class, e.getClass(), "not handed back: a restart writes the records again");
        assertTrue(e.getMessage().contains("after 3 attempts: 1 of 2 replicas acknowledged the writes within 100 ms"),
                e.getMessage());
        assertEquals(List.of(10L, 20L), waits);
    }

    @Test
    void aTargetThatDoesNotAnswerOnTheLastAttemptHandsTheBatchBack() {
        target.replicaAnswers.addAll(List.of(0L, 0L, new RedisCommandTimeoutException("no reply in time")));
        RetriableException e = assertThrows(RetriableException.class, () -> waiter(1).await());
        assertTrue(e.getMessage().contains("failed 3 times: WAIT failed"), e.getMessage());
    }

    @Test
    void anErrorARetryCannotMendFailsAtOnce() {
        target.replicaAnswers.add(new RedisCommandExecutionException("NOPERM this user has no permissions to run "
                + "the 'wait' command"));
        ConnectException e = assertThrows(ConnectException.class, () -> waiter(1).await());
        assertEquals(ConnectException.class, e.getClass());
        assertEquals(1, target.waits);
        assertEquals(List.of(), waits);
    }
}
