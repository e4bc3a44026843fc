package io.keyferry.common.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeySelectionTest {
    private static byte[] b(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] USER = b("user:1");
    private static final int USER_SLOT = SlotHash.getSlot(USER);
    private final KeySelection selection = new KeySelection("user:*", "", ".*:tmp", "hash",
            SlotSet.range(USER_SLOT, USER_SLOT));

    @Test
    void aNameIsSelectedByGlobExpressionsAndSlot() {
        assertTrue(selection.acceptsName(USER));
        assertFalse(selection.acceptsName(b("order:1")), "the glob");
        assertFalse(selection.acceptsName(b("user:1:tmp")), "the exclude expression");
        assertFalse(selection.withSlots(SlotSet.range((USER_SLOT + 1) % 16384, (USER_SLOT + 1) % 16384))
                .acceptsName(USER), "the slot");
    }

    @Test
    void aScannedKeyIsNotCheckedAgainstTheGlobTheServerApplied() {
        KeySelection anySlot = selection.withSlots(SlotSet.ALL);
        assertTrue(anySlot.acceptsScanned(b("order:1")));
        assertFalse(anySlot.acceptsScanned(b("user:1:tmp")));
        assertFalse(anySlot.acceptsEveryScanned());
        assertTrue(KeySelection.all().acceptsEveryScanned());
    }

    @Test
    void aTypeIsSelectedWhenItIsTheScanTypeOrNoneIsGiven() {
        assertTrue(selection.acceptsType("hash"));
        assertFalse(selection.acceptsType("string"));
        assertTrue(KeySelection.all().acceptsType("stream"));
    }
}
