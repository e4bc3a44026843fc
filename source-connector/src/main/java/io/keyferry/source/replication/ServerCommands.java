package io.keyferry.source.replication;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The server's command table ({@code COMMAND}), read once when a link opens, and its key positions. */
final class ServerCommands {
    private ServerCommands() {
    }

    /** @param connection a connection of the link's own: the link's thread asks it for moving keys */
    static CommandKeys read(StatefulRedisConnection<byte[], byte[]> connection) {
        Map<String, CommandKeys.KeySpec> table = new HashMap<>();
        for (CommandDetail detail : CommandDetailParser.parse(connection.sync().command())) {
            boolean movable = detail.getFlags() != null && detail.getFlags().contains(CommandDetail.Flag.MOVABLEKEYS);
            table.put(detail.getName().toLowerCase(Locale.ROOT), new CommandKeys.KeySpec(detail.getFirstKeyPosition(),
                    detail.getLastKeyPosition(), detail.getKeyStepCount(), movable));
        }
        return new CommandKeys(table, command -> keysOf(connection, command));
    }

    /** COMMAND GETKEYS: the server says where the keys of such a command are. */
    private static List<byte[]> keysOf(StatefulRedisConnection<byte[], byte[]> connection, byte[][] command) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add("GETKEYS");
        for (byte[] part : command) {
            args.add(part);
        }
        return connection.sync().dispatch(CommandType.COMMAND, new ValueListOutput<>(ByteArrayCodec.INSTANCE), args);
    }
}
