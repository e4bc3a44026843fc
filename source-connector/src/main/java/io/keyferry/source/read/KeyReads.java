package io.keyferry.source.read;

import io.keyferry.common.record.KeyState;
import java.util.List;

/**
 * Pipelined reads of keys' full states on one connection: what the snapshot, the change reads and a sweep read
 * keys with ({@link KeyStateReader} on a server).
 */
public interface KeyReads {
    /** Reads sent and not yet collected. */
    interface Pending {
        List<byte[]> keys();

        /** Waits for the states, one per key, in the order they were read. */
        List<KeyState> collect() throws InterruptedException;
    }

    /** Sends the reads of these keys without waiting for them: the caller collects them later. */
    Pending submit(List<byte[]> keys) throws InterruptedException;

    /** Reads every key's state, in the order of the reads. */
    default List<KeyState> read(List<byte[]> keys) throws InterruptedException {
        return submit(keys).collect();
    }

    /** The keys that do not exist now or, with {@code type} set, are not of that type now: their state is "gone". */
    List<KeyState> absent(List<byte[]> keys, String type) throws InterruptedException;
}
