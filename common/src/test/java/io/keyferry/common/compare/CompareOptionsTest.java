package io.keyferry.common.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompareOptionsTest {

    @Test
    void defaults() {
        CompareOptions options = CompareOptions.defaults();
        assertEquals(2000, options.ttlToleranceMillis());
        assertNull(options.match());
        assertEquals(500, options.batchSize());
        assertEquals(5, options.maxExamples());
    }

    @Test
    void withersChangeOneValueAndLeaveTheOriginal() {
        CompareOptions defaults = CompareOptions.defaults();
        CompareOptions changed = defaults.withMatch("user:*").withBatchSize(10).withTtlToleranceMillis(0)
                .withMaxExamples(1);
        assertEquals(new CompareOptions(0, "user:*", 10, 1, 1.0), changed);
        assertNull(defaults.match());
    }

    @Test
    void rejectsNonsense() {
        CompareOptions defaults = CompareOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> defaults.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTtlToleranceMillis(-1));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxExamples(-1));
    }

    @Test
    void sampleIsAStableShareOfTheKeys() {
        CompareOptions tenth = CompareOptions.defaults().withSampleRate(0.1);
        long sampled = java.util.stream.IntStream.range(0, 100_000)
                .filter(i -> tenth.sampled(("key:" + i).getBytes())).count();
        assertEquals(10_000, sampled, 1_000);
        assertEquals(tenth.sampled("key:7".getBytes()), tenth.sampled("key:7".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> CompareOptions.defaults().withSampleRate(0));
    }
}
