package io.keyferry.source.fake;

import io.keyferry.common.record.KeyState;
import io.keyferry.common.record.SlotSet;
import io.keyferry.source.read.KeyReads;
import io.keyferry.source.snapshot.ScanSteps;
import io.lettuce.core.RedisConnectionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A server for unit tests of the stages that scan and read keys: string keys in name order, a SCAN whose cursor
 * is the index of the next key, and reads that see the value a key had when they were sent, as a pipelined
 * read on a real server does. A read can be made to fail once, as a lost connection would.
 */
public final class InMemoryServer implements ScanSteps, KeyReads {
    private final TreeMap<String, String> keys = new TreeMap<>();
    private final int keysPerStep;
    private String runId = "run-1";
    private RuntimeException nextCollectFails;
    private int scans;
    private SlotSet restrictedTo;

    public InMemoryServer(int keysPerStep) {
        this.keysPerStep = keysPerStep;
    }

    public InMemoryServer set(String key, String value) {
        keys.put(key, value);
        return this;
    }

    public void delete(String key) {
        keys.remove(key);
    }

    /** The server restarted: its cursors mean nothing any more. */
    public void restart(String newRunId) {
        runId = newRunId;
    }

    /** The reads collected next fail, once. */
    public void failNextCollect() {
        nextCollectFails = new RedisConnectionException("connection lost (test)");
    }

    public int scans() {
        return scans;
    }

    @Override
    public Step scan(String cursor) {
        scans++;
        List<String> names = new ArrayList<>(keys.keySet());
        int from = Integer.parseInt(cursor);
        int to = Math.min(names.size(), from + keysPerStep);
        List<byte[]> step = names.subList(Math.min(from, names.size()), to).stream().map(InMemoryServer::bytes)
                .toList();
        return new Step(step, to >= names.size() ? "0" : String.valueOf(to), runId);
    }

    @Override
    public void restrictTo(SlotSet slots) {
        restrictedTo = slots;
    }

    /** The slots the scan was last restricted to, or null. */
    public SlotSet restrictedTo() {
        return restrictedTo;
    }

    @Override
    public Pending submit(List<byte[]> names) {
        List<String> sent = names.stream().map(InMemoryServer::text).toList();
        long now = System.currentTimeMillis();
        List<KeyState> states = sent.stream().map(name -> state(name, now)).toList();
        return new Pending() {
            @Override
            public List<byte[]> keys() {
                return names;
            }

            @Override
            public List<KeyState> collect() {
                RuntimeException failure = nextCollectFails;
                nextCollectFails = null;
                if (failure != null) {
                    throw failure;
                }
                return states;
            }
        };
    }

    @Override
    public List<KeyState> absent(List<byte[]> names, String type) {
        long now = System.currentTimeMillis();
        return names.stream().filter(name -> !keys.containsKey(text(name)))
                .map(name -> KeyState.gone(name, 0, now)).toList();
    }

    private KeyState state(String name, long now) {
        String value = keys.get(name);
        return value == null ? KeyState.gone(bytes(name), 0, now)
                : new KeyState(bytes(name), "string", KeyState.PERSISTENT, bytes(value), 0, now);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
