package io.keyferry.source.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which keys, in which databases, a command of the replication stream wrote. Most commands say it by the key
 * positions of the server's command table ({@code COMMAND}: first key, last key, step); the few that name a
 * database of their own (MOVE, COPY … DB) are read here; those whose keys move with their arguments
 * (ZUNIONSTORE, SORT … STORE, …) are asked of the server ({@code COMMAND GETKEYS}). The commands that empty or
 * swap whole databases are said as such: their keys are not named in the stream.
 */
final class CommandKeys {
    /** What a command did. */
    sealed interface Effect {
    }

    /** It wrote these keys (one entry per key, with its database). */
    record Wrote(List<DbKey> keys) implements Effect {
    }

    /** It emptied or swapped databases: every key of them may have changed. {@code dbs} empty: every database. */
    record Replaced(List<Integer> dbs, String command) implements Effect {
    }

    /** It selected the database the commands after it run in. */
    record Selected(int db) implements Effect {
    }

    record DbKey(int db, byte[] key) {
    }

    /** The key positions of one command in the server's command table. */
    record KeySpec(int first, int last, int step, boolean movable) {
    }

    private final Map<String, KeySpec> table;
    private final Function<byte[][], List<byte[]>> movableKeys;

    /**
     * @param table the server's commands by lower-case name
     * @param movableKeys the keys of a whole command (name first) whose keys move with its arguments
     */
    CommandKeys(Map<String, KeySpec> table, Function<byte[][], List<byte[]>> movableKeys) {
        this.table = table;
        this.movableKeys = movableKeys;
    }

    /** The commands the table names, lower-case. */
    Set<String> names() {
        return table.keySet();
    }

    /**
     * @param command the command, its name first
     * @param db the database it runs in
     * @throws IllegalArgumentException for a command the server's table does not name: its keys are unknown
     */
    Effect of(byte[][] command, int db) {
        String name = new String(command[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        switch (name) {
            case "select":
                return new Selected(number(command[1]));
            case "flushall":
                return new Replaced(List.of(), "FLUSHALL");
            case "flushdb":
                return new Replaced(List.of(db), "FLUSHDB");
            case "swapdb":
                return new Replaced(List.of(number(command[1]), number(command[2])), "SWAPDB");
            case "move":
                return new Wrote(List.of(new DbKey(db, command[1]), new DbKey(number(command[2]), command[1])));
            case "copy":
                return new Wrote(List.of(new DbKey(copyTarget(command, db), command[2])));
            default:
                break;
        }
        KeySpec spec = table.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("the server's command table has no command " + name);
        }
        List<DbKey> keys = new ArrayList<>();
        if (spec.movable()) {
            movableKeys.apply(command).forEach(key -> keys.add(new DbKey(db, key)));
        } else if (spec.first() > 0) {
            int last = spec.last() < 0 ? command.length + spec.last() : Math.min(spec.last(), command.length - 1);
            for (int i = spec.first(); i <= last; i += Math.max(1, spec.step())) {
                keys.add(new DbKey(db, command[i]));
            }
        }
        return new Wrote(keys);
    }

    /** COPY source destination [DB n] [REPLACE]: the destination is in database n when it is given. */
    private static int copyTarget(byte[][] command, int db) {
        for (int i = 3; i < command.length - 1; i++) {
            if ("db".equalsIgnoreCase(new String(command[i], StandardCharsets.UTF_8))) {
                return number(command[i + 1]);
            }
        }
        return db;
    }

    private static int number(byte[] text) {
        return Integer.parseInt(new String(text, StandardCharsets.UTF_8));
    }
}
