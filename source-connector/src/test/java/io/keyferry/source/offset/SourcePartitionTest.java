package io.keyferry.source.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.common.record.SlotSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcePartitionTest {
    private static final String NODE_ID = "07c37dfeb235213a872192d90877d0cd55635b91";

    @Test
    void aDatabaseReadWholeIsItsNumberOnly() {
        SourcePartition partition = SourcePartition.ofDatabase(3, SlotSet.ALL);
        assertEquals(Map.of("database", 3), partition.toMap());
        // Connect gives numbers back as Long
        assertEquals(partition, SourcePartition.fromMap(Map.of("database", 3L)));
    }

    @Test
    void aShareOfADatabasesSlotsIsAPositionOfItsOwn() {
        SourcePartition partition = SourcePartition.ofDatabase(0, SlotSet.range(0, 8191));
        assertEquals(Map.of("database", 0, "slots", "0-8191"), partition.toMap());
        assertEquals(partition, SourcePartition.fromMap(partition.toMap()));
    }

    @Test
    void aClusterLaneIsTheTasksSlotsOnOneNode() {
        SourcePartition partition = SourcePartition.ofClusterNode(SlotSet.parse("0-5460,10923"), NODE_ID);
        assertEquals(Map.of("slots", "0-5460,10923", "node", NODE_ID), partition.toMap());
        assertEquals(partition, SourcePartition.fromMap(partition.toMap()));
        assertTrue(partition.clusterNode());
    }

    @Test
    void partitionsThisConnectorDoesNotWriteAreRefusedSayingWhy() {
        Map<Map<String, Object>, String> wrong = Map.of(
                Map.of(), "\"database\" must be",
                Map.of("database", -1L), "\"database\" must be",
                Map.of("database", "zero"), "\"database\" must be",
                Map.of("database", 0L, "slots", "0-16383"), "all the slots",
                Map.of("database", 0L, "slots", "0-99999"), "\"slots\" must be",
                Map.of("database", 0L, "table", "x"), "not [table]",
                Map.of("node", NODE_ID), "names the task's \"slots\"",
                Map.of("node", "abc", "slots", "0-10"), "40 hex digits",
                Map.of("node", NODE_ID, "slots", "0-10", "database", 0L), "no \"database\"");
        wrong.forEach((map, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SourcePartition.fromMap(map), map::toString);
            assertTrue(e.getMessage().contains(reason), map + ": " + e.getMessage());
        });
    }
}
