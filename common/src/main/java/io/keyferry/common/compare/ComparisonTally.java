package io.keyferry.common.compare;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Mutable counters filled while a comparison runs; keeps only a bounded number of examples. */
final class ComparisonTally {
    private final int maxExamples;
    private final Map<DifferenceKind, Long> counts = new EnumMap<>(DifferenceKind.class);
    private final List<Difference> examples = new ArrayList<>();
    private long sourceKeys;
    private long targetKeys;
    private long inBoth;
    private long valuesNotCompared;

    ComparisonTally(int maxExamples) {
        this.maxExamples = maxExamples;
    }

    void sourceKey() {
        sourceKeys++;
    }

    void targetKey() {
        targetKeys++;
    }

    /** A key of the source that the target holds too, whatever its type and value there. */
    void inBoth() {
        inBoth++;
    }

    /** The target's keys counted at once, when pass 2 is left out. */
    void targetKeys(long count) {
        targetKeys = count;
    }

    long sourceKeys() {
        return sourceKeys;
    }

    long inBothCount() {
        return inBoth;
    }

    void valueNotCompared() {
        valuesNotCompared++;
    }

    void difference(Difference difference) {
        long count = counts.merge(difference.kind(), 1L, Long::sum);
        if (count <= maxExamples) {
            examples.add(difference);
        }
    }

    ComparisonReport toReport() {
        return new ComparisonReport(sourceKeys, targetKeys, valuesNotCompared, counts, examples);
    }
}
