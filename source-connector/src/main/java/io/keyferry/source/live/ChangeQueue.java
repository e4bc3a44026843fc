package io.keyferry.source.live;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keys that changed and wait to be read, in the order of their first change. A key is held once however
 * many events arrive for it before it is read (the debounce), and becomes ready {@code debounceNanos}
 * after its first event. The queue is bounded: when it is full, the events it cannot hold are lost, so it
 * empties itself and raises {@link #overflowed()} for the source to resync. Events arrive on the pub/sub
 * thread, reads happen on the task's thread.
 */
public final class ChangeQueue {
    private final int capacity;
    private final long debounceNanos;
    private final LinkedHashMap<ByteBuffer, Long> pending = new LinkedHashMap<>();
    private boolean overflowed;
    private long received;
    private long merged;
    private long dropped;

    public ChangeQueue(int capacity, long debounceMillis) {
        this.capacity = capacity;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMillis);
    }

    /** Called for every change event; never blocks. */
    public synchronized void offer(byte[] key) {
        received++;
        ByteBuffer wrapped = ByteBuffer.wrap(key);
        if (pending.containsKey(wrapped)) {
            merged++;
            return;
        }
        if (pending.size() >= capacity) {
            // Every key of the database will be read again by the resync, so what is queued can go.
            dropped += pending.size() + 1;
            pending.clear();
            overflowed = true;
            return;
        }
        pending.put(wrapped, System.nanoTime());
        notifyAll();
    }

    /** Removes and returns up to {@code max} keys whose debounce time has passed, oldest first. */
    public synchronized List<byte[]> takeReady(int max) {
        long now = System.nanoTime();
        List<byte[]> ready = new ArrayList<>(Math.min(max, pending.size()));
        Iterator<Map.Entry<ByteBuffer, Long>> entries = pending.entrySet().iterator();
        while (ready.size() < max && entries.hasNext()) {
            Map.Entry<ByteBuffer, Long> entry = entries.next();
            if (now - entry.getValue() < debounceNanos) {
                break;
            }
            ready.add(entry.getKey().array());
            entries.remove();
        }
        return ready;
    }

    /** Waits until a key is ready or the timeout passes; returns early on {@link #wakeUp()}. */
    public synchronized void awaitReady(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long now = System.nanoTime();
            long wait = deadline - now;
            if (!pending.isEmpty()) {
                long readyIn = pending.values().iterator().next() + debounceNanos - now;
                if (readyIn <= 0) {
                    return;
                }
                wait = Math.min(wait, readyIn);
            }
            if (wait <= 0 || overflowed) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, wait);
        }
    }

    public synchronized void wakeUp() {
        notifyAll();
    }

    /** @return whether events were lost since the last call, and clears the flag */
    public synchronized boolean takeOverflow() {
        boolean was = overflowed;
        overflowed = false;
        return was;
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long merged() {
        return merged;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
