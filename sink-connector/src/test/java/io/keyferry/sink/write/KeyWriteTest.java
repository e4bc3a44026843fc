package io.keyferry.sink.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.ChunkPosition;
import io.keyferry.common.value.StringValue;
import org.junit.jupiter.api.Test;

class KeyWriteTest {
    private static final byte[] KEY = {'k'};
    private static final byte[] PAYLOAD = {0};

    private static KeyWrite.Dump expiringAt(long expireAt) {
        return new KeyWrite.Dump(null, KEY, PAYLOAD, expireAt);
    }

    private static KeyWrite.Part part(int index, boolean last) {
        return new KeyWrite.Part(null, KEY, new StringValue(PAYLOAD), -1, new ChunkPosition("v1", index, last, 1));
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
    void deletesTombstonesAndExpiredStates() {
        assertTrue(new KeyWrite.Tombstone(null, KEY).deletesAt(0));
        assertTrue(expiringAt(10).deletesAt(10));
        assertFalse(expiringAt(10).deletesAt(9));
        assertFalse(expiringAt(-1).deletesAt(Long.MAX_VALUE));
        assertTrue(new KeyWrite.Typed(null, KEY, new StringValue(PAYLOAD), 10).deletesAt(10));
        assertFalse(new KeyWrite.Typed(null, KEY, new StringValue(PAYLOAD), -1).deletesAt(10));
    }

    @Test
    void onlyThePartsOfABigKeyBeforeItsLastArePartsBeforeLast() {
        assertTrue(part(0, false).partBeforeLast());
        assertFalse(part(1, true).partBeforeLast());
        assertFalse(expiringAt(-1).partBeforeLast());
        assertFalse(new KeyWrite.Tombstone(null, KEY).partBeforeLast());
    }
}
