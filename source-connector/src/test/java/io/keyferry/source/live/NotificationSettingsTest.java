package io.keyferry.source.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NotificationSettingsTest {
    @Test
    void keyEventsOfEveryClassAreNeeded() {
        assertEquals("", NotificationSettings.missing("AKE"));
        assertEquals("", NotificationSettings.missing("Eg$lshzxet"));
        assertEquals("Eg$lshzxet", NotificationSettings.missing(""));
        assertEquals("E", NotificationSettings.missing("KA"), "keyspace events alone are not enough");
        assertEquals("$lshzet", NotificationSettings.missing("Egx"));
    }
}
