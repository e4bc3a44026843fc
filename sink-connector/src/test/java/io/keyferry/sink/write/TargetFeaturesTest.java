package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetFeaturesTest {
    @Test
    void readsTheVersionFromInfoServer() {
        TargetFeatures redis62 = TargetFeatures.fromInfo("# Server\r\nredis_version:6.2.6\r\nredis_git_sha1:0\r\n");
        assertEquals(new TargetFeatures(6, 2), redis62);
        assertFalse(redis62.streamCounters());
        // Valkey reports the Redis version it is compatible with.
        TargetFeatures valkey = TargetFeatures.fromInfo("# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\n"
                + "valkey_version:8.0.1\r\n");
        assertTrue(valkey.streamCounters());
    }

    @Test
    void unknownVersionUsesOnlyTheBaseline() {
        assertEquals(TargetFeatures.BASELINE, TargetFeatures.fromInfo("# Server\r\n"));
        assertEquals(TargetFeatures.BASELINE, TargetFeatures.fromInfo(null));
        assertFalse(TargetFeatures.BASELINE.streamCounters());
    }
}
