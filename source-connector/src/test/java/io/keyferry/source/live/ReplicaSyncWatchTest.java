package io.keyferry.source.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplicaSyncWatchTest {
    @Test
    void aPrimaryHasNoLinkToWatch() {
        assertEquals(ReplicaSyncWatch.Link.PRIMARY, ReplicaSyncWatch.link("# Replication\r\nrole:master\r\n"));
    }

    @Test
    void aReplicaIsUpOnlyWithItsLinkUpAndNoSyncUnderWay() {
        assertEquals(ReplicaSyncWatch.Link.UP, ReplicaSyncWatch.link(
                "role:slave\r\nmaster_link_status:up\r\nmaster_sync_in_progress:0\r\n"));
        assertEquals(ReplicaSyncWatch.Link.DOWN, ReplicaSyncWatch.link(
                "role:slave\r\nmaster_link_status:down\r\nmaster_sync_in_progress:0\r\n"));
        assertEquals(ReplicaSyncWatch.Link.DOWN, ReplicaSyncWatch.link(
                "role:slave\r\nmaster_link_status:up\r\nmaster_sync_in_progress:1\r\n"));
    }

    @Test
    void readsTheKeysOfTheLastLoad() {
        assertEquals(1_000, ReplicaSyncWatch.loaded("loading:0\r\nrdb_last_load_keys_loaded:1000\r\n"));
        assertEquals(-1, ReplicaSyncWatch.loaded("loading:0\r\n"), "a server too old to say");
    }
}
