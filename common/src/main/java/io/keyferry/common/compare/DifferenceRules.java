package io.keyferry.common.compare;

import java.util.Optional;

/**
 * Decides whether a key differs and how, with the detail text of each kind. The comparator asks in the
 * order {@link #presence}, {@link #value}, {@link #ttl} and keeps the first answer, so a key counts once.
 */
final class DifferenceRules {
    private final long ttlToleranceMillis;

    DifferenceRules(long ttlToleranceMillis) {
        this.ttlToleranceMillis = ttlToleranceMillis;
    }

    /** MISSING or TYPE for a key that exists in the source; empty when both sides hold the same type. */
    Optional<Difference> presence(byte[] key, KeyProbe source, KeyProbe target) {
        if (!target.exists()) {
            return Optional.of(new Difference(DifferenceKind.MISSING, key,
                    "source " + source.type() + ", not in target"));
        }
        if (!source.type().equals(target.type())) {
            return Optional.of(new Difference(DifferenceKind.TYPE, key,
                    "source " + source.type() + ", target " + target.type()));
        }
        return Optional.empty();
    }

    /** EXTRA for a key found in the target that the source does not have. */
    Optional<Difference> extra(byte[] key, boolean inSource, String targetType) {
        return inSource
                ? Optional.empty()
                : Optional.of(new Difference(DifferenceKind.EXTRA, key, "target " + targetType + ", not in source"));
    }

    Optional<Difference> value(byte[] key, LogicalValue source, LogicalValue target) {
        return source.differenceFrom(target).map(detail -> new Difference(DifferenceKind.VALUE, key, detail));
    }

    /**
     * Both persistent is equal; one persistent and the other expiring differs; two expiring keys differ
     * only beyond the tolerance, since both sides are read at slightly different moments.
     */
    Optional<Difference> ttl(byte[] key, KeyProbe source, KeyProbe target) {
        boolean differs = source.persistent() || target.persistent()
                ? source.persistent() != target.persistent()
                : Math.abs(source.pttl() - target.pttl()) > ttlToleranceMillis;
        return differs
                ? Optional.of(new Difference(DifferenceKind.TTL, key,
                        "source " + ttlText(source) + ", target " + ttlText(target)))
                : Optional.empty();
    }

    private static String ttlText(KeyProbe probe) {
        return probe.persistent() ? "persistent" : "ttl " + probe.pttl() + " ms";
    }
}
