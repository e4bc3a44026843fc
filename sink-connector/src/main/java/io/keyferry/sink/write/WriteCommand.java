package io.keyferry.sink.write;

import io.keyferry.common.record.KeyText;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One command of a typed write, as data: {@code type [subcommand] key args...}. Planning commands as data
 * keeps the planning (which commands, how chunked) testable without a server.
 *
 * @param subcommand e.g. {@code CREATE} for {@code XGROUP CREATE key ...}, or null
 */
public record WriteCommand(ProtocolKeyword type, String subcommand, byte[] key, List<byte[]> args) {
    public WriteCommand {
        args = List.copyOf(args);
    }

    public static WriteCommand of(ProtocolKeyword type, byte[] key, List<byte[]> args) {
        return new WriteCommand(type, null, key, args);
    }

    CommandArgs<byte[], byte[]> toArgs() {
        CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        if (subcommand != null) {
            commandArgs.add(subcommand);
        }
        commandArgs.addKey(key);
        args.forEach(commandArgs::add);
        return commandArgs;
    }

    /** Bytes sent as arguments, roughly: to keep a chunk's size bounded. */
    long argumentBytes() {
        return args.stream().mapToLong(arg -> arg.length).sum();
    }

    /** e.g. {@code HSET "k" f1 v1}, for tests and messages. */
    @Override
    public String toString() {
        String rendered = args.stream().map(arg -> new String(arg, StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
        return type + (subcommand == null ? "" : " " + subcommand) + " " + KeyText.printable(key)
                + (args.isEmpty() ? "" : " " + rendered);
    }
}
