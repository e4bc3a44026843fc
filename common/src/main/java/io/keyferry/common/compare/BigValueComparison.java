package io.keyferry.common.compare;

import io.keyferry.common.config.RedisFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Compares a key too big to read whole (see {@link KeyProbe#big()}) page by page, holding one page of each side
 * at a time: the element counts first, then a string's byte ranges, a list's or a stream's windows side by side,
 * and every field, member or score of a hash, set or sorted set looked up on the target. With equal counts and
 * every source element found equal on the target, the values are equal.
 */
final class BigValueComparison {
    private static final int PAGE = 1_000;
    private static final int STRING_RANGE = 1 << 20;

    private final RedisClusterAsyncCommands<byte[], byte[]> source;
    private final RedisClusterAsyncCommands<byte[], byte[]> target;
    private final Duration timeout;

    BigValueComparison(RedisClusterAsyncCommands<byte[], byte[]> source,
                       RedisClusterAsyncCommands<byte[], byte[]> target, Duration timeout) {
        this.source = source;
        this.target = target;
        this.timeout = timeout;
    }

    /** How the target's value differs from the source's, empty when they are equal; {@code type} is both sides'. */
    Optional<String> difference(byte[] key, String type) {
        return switch (type) {
            case "string" -> string(key);
            case "hash" -> counts(key, "fields", source.hlen(key), target.hlen(key)).or(() -> hash(key));
            case "set" -> counts(key, "members", source.scard(key), target.scard(key)).or(() -> set(key));
            case "zset" -> counts(key, "members", source.zcard(key), target.zcard(key)).or(() -> zset(key));
            case "list" -> counts(key, "elements", source.llen(key), target.llen(key)).or(() -> list(key));
            case "stream" -> counts(key, "entries", source.xlen(key), target.xlen(key)).or(() -> stream(key));
            default -> Optional.empty();
        };
    }

    private Optional<String> counts(byte[] key, String what, CompletionStage<Long> fromSource,
                                    CompletionStage<Long> fromTarget) {
        long expected = await(fromSource);
        long found = await(fromTarget);
        return expected == found ? Optional.empty()
                : Optional.of("source has " + expected + " " + what + ", target " + found);
    }

    private Optional<String> string(byte[] key) {
        long length = await(source.strlen(key));
        long targetLength = await(target.strlen(key));
        if (length != targetLength) {
            return Optional.of("source string of " + length + " bytes, target " + targetLength);
        }
        for (long offset = 0; offset < length; offset += STRING_RANGE) {
            long end = Math.min(length, offset + STRING_RANGE) - 1;
            if (!Arrays.equals(await(source.getrange(key, offset, end)), await(target.getrange(key, offset, end)))) {
                return Optional.of("strings of " + length + " bytes differ between bytes " + offset + " and " + end);
            }
        }
        return Optional.empty();
    }

    private Optional<String> hash(byte[] key) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<byte[], byte[]> page = await(source.hscan(key, cursor, ScanArgs.Builder.limit(PAGE)));
            List<byte[]> fields = new ArrayList<>(page.getMap().keySet());
            if (!fields.isEmpty()) {
                List<byte[]> values = await(target.hmget(key, fields.toArray(new byte[0][]))).stream()
                        .map(value -> value.getValueOrElse(null)).toList();
                for (int i = 0; i < fields.size(); i++) {
                    if (!Arrays.equals(page.getMap().get(fields.get(i)), values.get(i))) {
                        return Optional.of("a field of the source's hash is missing or differs on the target");
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return Optional.empty();
    }

    private Optional<String> set(byte[] key) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ValueScanCursor<byte[]> page = await(source.sscan(key, cursor, ScanArgs.Builder.limit(PAGE)));
            List<CompletableFuture<Boolean>> found = new ArrayList<>();
            page.getValues().forEach(member -> found.add(target.sismember(key, member).toCompletableFuture()));
            for (CompletableFuture<Boolean> member : found) {
                if (!await(member)) {
                    return Optional.of("a member of the source's set is missing from the target's");
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return Optional.empty();
    }

    private Optional<String> zset(byte[] key) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScoredValueScanCursor<byte[]> page = await(source.zscan(key, cursor, ScanArgs.Builder.limit(PAGE)));
            List<CompletableFuture<Double>> scores = new ArrayList<>();
            page.getValues().forEach(member -> scores.add(target.zscore(key, member.getValue()).toCompletableFuture()));
            for (int i = 0; i < scores.size(); i++) {
                ScoredValue<byte[]> member = page.getValues().get(i);
                Double score = await(scores.get(i));
                if (score == null || !score.equals(member.getScore())) {
                    return Optional.of("a member of the source's sorted set has score " + member.getScore()
                            + ", on the target " + (score == null ? "none" : score));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return Optional.empty();
    }

    private Optional<String> list(byte[] key) {
        for (long start = 0; ; start += PAGE) {
            List<byte[]> expected = await(source.lrange(key, start, start + PAGE - 1));
            List<byte[]> found = await(target.lrange(key, start, start + PAGE - 1));
            for (int i = 0; i < Math.max(expected.size(), found.size()); i++) {
                if (i >= expected.size() || i >= found.size() || !Arrays.equals(expected.get(i), found.get(i))) {
                    return Optional.of("lists differ at index " + (start + i));
                }
            }
            if (expected.size() < PAGE) {
                return Optional.empty();
            }
        }
    }

    private Optional<String> stream(byte[] key) {
        String from = "-";
        while (true) {
            List<StreamMessage<byte[], byte[]>> expected =
                    await(source.xrange(key, Range.create(from, "+"), Limit.from(PAGE)));
            List<StreamMessage<byte[], byte[]>> found =
                    await(target.xrange(key, Range.create(from, "+"), Limit.from(PAGE)));
            StreamContent left = StreamContent.of(expected, List.of());
            StreamContent right = StreamContent.of(found, List.of());
            if (!left.equals(right)) {
                return Optional.of("stream entries differ after " + from);
            }
            if (expected.size() < PAGE) {
                break;
            }
            String last = expected.get(expected.size() - 1).getId();
            int dash = last.indexOf('-');
            from = last.substring(0, dash) + "-" + (Long.parseUnsignedLong(last.substring(dash + 1)) + 1);
        }
        StreamContent sourceGroups = StreamContent.of(List.of(), await(ValueReaders.groups(source, key)));
        StreamContent targetGroups = StreamContent.of(List.of(), await(ValueReaders.groups(target, key)));
        return Objects.equals(sourceGroups, targetGroups) ? Optional.empty()
                : Optional.of("consumer groups differ: source " + sourceGroups.groups()
                        + ", target " + targetGroups.groups());
    }

    private <T> T await(CompletionStage<T> command) {
        return RedisFutures.join(command.toCompletableFuture(), timeout);
    }
}
