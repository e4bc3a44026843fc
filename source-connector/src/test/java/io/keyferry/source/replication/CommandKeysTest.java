package io.keyferry.source.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandKeysTest {
    /** Key positions as COMMAND gives them on Redis 7. */
    private final CommandKeys keys = new CommandKeys(Map.of(
            "set", new CommandKeys.KeySpec(1, 1, 1, false),
            "mset", new CommandKeys.KeySpec(1, -1, 2, false),
            "del", new CommandKeys.KeySpec(1, -1, 1, false),
            "ping", new CommandKeys.KeySpec(0, 0, 0, false),
            "zunionstore", new CommandKeys.KeySpec(1, 1, 1, true)),
            command -> List.of(command[1], command[3], command[4]));

    private static byte[][] command(String... parts) {
        return Arrays.stream(parts).map(part -> part.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private List<String> wrote(int db, String... command) {
        CommandKeys.Wrote wrote = (CommandKeys.Wrote) keys.of(command(command), db);
        return wrote.keys().stream().map(key -> key.db() + ":" + new String(key.key(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void theCommandTableSaysWhereTheKeysAre() {
        assertEquals(List.of("0:a"), wrote(0, "SET", "a", "1", "PX", "100"));
        assertEquals(List.of("2:a", "2:b"), wrote(2, "MSET", "a", "1", "b", "2"));
        assertEquals(List.of("0:a", "0:b", "0:c"), wrote(0, "del", "a", "b", "c"));
        assertEquals(List.of(), wrote(0, "PING"));
    }

    @Test
    void keysThatMoveWithTheArgumentsAreAskedOfTheServer() {
        assertEquals(List.of("0:dest", "0:x", "0:y"), wrote(0, "ZUNIONSTORE", "dest", "2", "x", "y"));
    }

    @Test
    void commandsNamingADatabaseWriteThere() {
        assertEquals(List.of("0:k", "5:k"), wrote(0, "MOVE", "k", "5"));
        assertEquals(List.of("3:to"), wrote(1, "COPY", "from", "to", "DB", "3", "REPLACE"));
        assertEquals(List.of("1:to"), wrote(1, "COPY", "from", "to"));
    }

    @Test
    void flushesAndSwapsReplaceWholeDatabases() {
        assertEquals(new CommandKeys.Replaced(List.of(), "FLUSHALL"), keys.of(command("FLUSHALL", "ASYNC"), 0));
        assertEquals(new CommandKeys.Replaced(List.of(4), "FLUSHDB"), keys.of(command("flushdb"), 4));
        assertEquals(new CommandKeys.Replaced(List.of(0, 1), "SWAPDB"), keys.of(command("SWAPDB", "0", "1"), 0));
        assertEquals(new CommandKeys.Selected(7), keys.of(command("SELECT", "7"), 0));
    }

    @Test
    void aCommandTheTableDoesNotNameIsRefusedRatherThanPassedOver() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> keys.of(command("MODULE.WRITE", "k"), 0));
        assertEquals("the server's command table has no command module.write", e.getMessage());
    }
}
