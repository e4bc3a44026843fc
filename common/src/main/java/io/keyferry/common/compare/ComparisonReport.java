package io.keyferry.common.compare;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Outcome of a {@link KeyspaceComparator} run: how many keys differ, by kind, with a few examples. */
public final class ComparisonReport {
    private final long sourceKeys;
    private final long targetKeys;
    private final long valuesNotCompared;
    private final Map<DifferenceKind, Long> counts;
    private final List<Difference> examples;

    ComparisonReport(long sourceKeys, long targetKeys, long valuesNotCompared,
                     Map<DifferenceKind, Long> counts, List<Difference> examples) {
        this.sourceKeys = sourceKeys;
        this.targetKeys = targetKeys;
        this.valuesNotCompared = valuesNotCompared;
        this.counts = new EnumMap<>(DifferenceKind.class);
        this.counts.putAll(counts);
        this.examples = List.copyOf(examples);
    }

    /** Source keys compared; keys that vanished between SCAN and reading them are not included. */
    public long sourceKeys() {
        return sourceKeys;
    }

    /** Target keys scanned. */
    public long targetKeys() {
        return targetKeys;
    }

    /**
     * Keys of a type the comparator cannot read (e.g. a module type): only their presence, type and time
     * to live were compared. Non-zero means {@link #identical()} is not a full guarantee.
     */
    public long valuesNotCompared() {
        return valuesNotCompared;
    }

    public long count(DifferenceKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Keys that differ, all kinds together; each key counts once. */
    public long differences() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean identical() {
        return differences() == 0;
    }

    /** Up to {@link CompareOptions#maxExamples()} differences per kind, in the order found. */
    public List<Difference> examples() {
        return examples;
    }

    public List<Difference> examples(DifferenceKind kind) {
        return examples.stream().filter(example -> example.kind() == kind).toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append("Keyspace comparison: ").append(sourceKeys).append(" source keys, ")
                .append(targetKeys).append(" target keys, ")
                .append(identical() ? "identical" : differences() + " differing keys");
        if (!identical()) {
            text.append('\n');
            for (DifferenceKind kind : DifferenceKind.values()) {
                text.append(kind == DifferenceKind.MISSING ? "  " : ", ").append(kind).append(' ').append(count(kind));
            }
        }
        if (valuesNotCompared > 0) {
            text.append("\n  values not compared (unsupported type): ").append(valuesNotCompared);
        }
        if (!examples.isEmpty()) {
            text.append("\nExamples:");
            for (DifferenceKind kind : DifferenceKind.values()) {
                examples(kind).forEach(example -> text.append("\n  ").append(example));
            }
        }
        return text.toString();
    }
}
