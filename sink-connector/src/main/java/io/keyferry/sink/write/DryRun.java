package io.keyferry.sink.write;

import io.keyferry.common.metrics.PluginGauges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a sink in dry run (redis.dry.run) would have written: keys and payload bytes by type, and deletions, as
 * metrics ({@code dry-run-<type>-keys}, {@code dry-run-<type>-bytes}, {@code dry-run-deletes}) and in
 * {@link #summary()}. A key in parts counts once, at its last part, with the bytes of all its parts. Bytes are
 * the records' values as they travel: DUMP payloads, or the parts of big keys; a struct record counts none.
 */
public final class DryRun {
    /** The core types, then "other" for any other (a module's type, which RESTORE writes too). */
    private static final List<String> TYPES = List.of("string", "hash", "list", "set", "zset", "stream", "other");

    private final Map<String, AtomicLong> keys = new LinkedHashMap<>();
    private final Map<String, AtomicLong> bytes = new LinkedHashMap<>();
    private final AtomicLong deletes = new AtomicLong();

    public DryRun(PluginGauges gauges) {
        for (String type : TYPES) {
            keys.put(type, new AtomicLong());
            bytes.put(type, new AtomicLong());
            gauges.add("dry-run-" + type + "-keys", "Keys of type " + type + " the dry run would have written",
                    keys.get(type)::get);
            gauges.add("dry-run-" + type + "-bytes", "Payload bytes of " + type + " keys the dry run would have "
                    + "written", bytes.get(type)::get);
        }
        gauges.add("dry-run-deletes", "Keys the dry run would have deleted (tombstones, expired states)", deletes::get);
    }

    /** Counts what writing {@code write} would have done. */
    /** @param type the record's Redis type, null when it does not say */
    public void count(KeyWrite write, String type, long now) {
        if (write.deletesAt(now)) {
            deletes.incrementAndGet();
            return;
        }
        String name = type == null ? "" : type.toLowerCase(Locale.ROOT);
        AtomicLong typeBytes = bytes.getOrDefault(name, bytes.get("other"));
        if (write.origin().value() instanceof byte[] value) {
            typeBytes.addAndGet(value.length);
        }
        if (!write.partBeforeLast()) {
            keys.getOrDefault(name, keys.get("other")).incrementAndGet();
        }
    }

    /** One line: keys and bytes by type, then deletions. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        long total = 0;
        long totalBytes = 0;
        for (String type : TYPES) {
            long count = keys.get(type).get();
            total += count;
            totalBytes += bytes.get(type).get();
            if (count > 0) {
                line.append(String.format(Locale.ROOT, ", %s %,d (%,d bytes)", type, count, bytes.get(type).get()));
            }
        }
        return String.format(Locale.ROOT, "%,d keys, %,d bytes%s; %,d deletions", total, totalBytes, line,
                deletes.get());
    }
}
