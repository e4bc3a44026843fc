package io.keyferry.source.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeQueueTest {
    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void repeatedEventsForAWaitingKeyAreReadOnceInFirstEventOrder() {
        ChangeQueue queue = new ChangeQueue(10, 0);
        queue.offer(key("a"));
        queue.offer(key("b"));
        queue.offer(key("a"));
        List<byte[]> ready = queue.takeReady(10);
        assertEquals(2, ready.size());
        assertArrayEquals(key("a"), ready.get(0));
        assertArrayEquals(key("b"), ready.get(1));
        assertEquals(3, queue.received());
        assertEquals(1, queue.merged());
        assertEquals(0, queue.size());
    }

    @Test
    void anEventAfterTheKeyWasTakenQueuesItAgain() {
        ChangeQueue queue = new ChangeQueue(10, 0);
        queue.offer(key("a"));
        assertEquals(1, queue.takeReady(10).size());
        queue.offer(key("a"));
        assertEquals(1, queue.takeReady(10).size(), "a change after the read must be read again");
    }

    @Test
    void keysWaitForTheDebounceWindow() throws InterruptedException {
        ChangeQueue queue = new ChangeQueue(10, 60_000);
        queue.offer(key("a"));
        assertTrue(queue.takeReady(10).isEmpty());
        long start = System.nanoTime();
        queue.awaitReady(50);
        assertTrue(System.nanoTime() - start >= 40_000_000L, "waited out the timeout, nothing was ready");
        assertEquals(1, queue.size());
    }

    @Test
    void takeReadyHonoursItsLimit() {
        ChangeQueue queue = new ChangeQueue(10, 0);
        for (int i = 0; i < 5; i++) {
            queue.offer(key("k" + i));
        }
        assertEquals(3, queue.takeReady(3).size());
        assertEquals(2, queue.size());
    }

    @Test
    void overflowEmptiesTheQueueCountsTheLossAndRaisesTheFlagOnce() {
        ChangeQueue queue = new ChangeQueue(2, 0);
        queue.offer(key("a"));
        queue.offer(key("b"));
        queue.offer(key("c"));
        assertEquals(0, queue.size());
        assertEquals(3, queue.dropped());
        assertTrue(queue.takeOverflow());
        assertFalse(queue.takeOverflow());
        queue.offer(key("d"));
        assertEquals(1, queue.size(), "events after the overflow are queued again");
    }
}
