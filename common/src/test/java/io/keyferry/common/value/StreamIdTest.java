package io.keyferry.common.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamIdTest {
    @Test
    void parsesAndPrintsUnsignedParts() {
        assertEquals(new StreamId(1_700_000_000_000L, 3), StreamId.parse("1700000000000-3"));
        assertEquals("18446744073709551615-18446744073709551615", new StreamId(-1, -1).toString());
        assertEquals(new StreamId(-1, -1), StreamId.parse("18446744073709551615-18446744073709551615"));
    }

    @Test
    void ordersAsUnsigned() {
        assertTrue(new StreamId(-1, 0).compareTo(new StreamId(1, 0)) > 0);
        assertTrue(new StreamId(5, 1).compareTo(new StreamId(5, 2)) < 0);
    }

    @Test
    void rejectsWhatIsNotAnId() {
        for (String text : new String[] {"", "5", "5-", "-5", "a-b", "*"}) {
            assertThrows(IllegalArgumentException.class, () -> StreamId.parse(text), text);
        }
    }
}
