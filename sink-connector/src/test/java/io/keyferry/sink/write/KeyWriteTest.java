package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.value.StringValue;
import org.junit.jupiter.api.Test;

class KeyWriteTest {
    private static final byte[] KEY = {'k'};
    private static final byte[] PAYLOAD = {0};

    private static KeyWrite expiringAt(long expireAt) {
        return KeyWrite.ofDump(null, KEY, PAYLOAD, expireAt);
    }

    @Test
    void persistentKeyNeverExpires() {
        assertFalse(expiringAt(-1).expiredAt(0));
        assertFalse(expiringAt(-1).expiredAt(Long.MAX_VALUE));
    }

    @Test
    void expiredFromItsExpiryOn() {
        long expireAt = 1_700_000_000_000L;
        assertFalse(expiringAt(expireAt).expiredAt(expireAt - 1));
        assertTrue(expiringAt(expireAt).expiredAt(expireAt));
        assertTrue(expiringAt(expireAt).expiredAt(expireAt + 1));
        assertTrue(expiringAt(0).expiredAt(0));
    }

    @Test
    void tombstoneHasNeitherPayloadNorValue() {
        assertTrue(KeyWrite.ofDump(null, KEY, null, -1).tombstone());
        assertFalse(KeyWrite.ofDump(null, KEY, PAYLOAD, -1).tombstone());
        assertFalse(KeyWrite.ofDump(null, KEY, new byte[0], -1).tombstone());
        assertFalse(new KeyWrite(null, KEY, null, new StringValue(PAYLOAD), -1).tombstone());
    }

    @Test
    void deletesTombstonesAndExpiredStates() {
        assertTrue(KeyWrite.ofDump(null, KEY, null, -1).deletesAt(0));
        assertTrue(expiringAt(10).deletesAt(10));
        assertFalse(expiringAt(10).deletesAt(9));
        assertFalse(expiringAt(-1).deletesAt(Long.MAX_VALUE));
    }
}
