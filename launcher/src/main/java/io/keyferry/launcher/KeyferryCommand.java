package io.keyferry.launcher;

import java.nio.file.Path;
import io.keyferry.common.config.ConnectionCheck;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyferry}: the launcher's entry point. */
@Command(name = "keyferry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {MigrateCommand.class, CompareCommand.class},
        description = "Migrates and replicates Redis-compatible databases through Kafka Connect.")
public final class KeyferryCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KeyferryCommand())
                .setExecutionExceptionHandler(KeyferryCommand::failed)
                .execute(args));
    }

    /** An error is one line saying what went wrong, exit status 2 (1 means "the databases differ"). */
    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Path log = LogFile.opened();
        command.getErr().println("keyferry " + command.getCommandName() + ": " + ConnectionCheck.describe(e)
                + (log == null ? "" : " (details in " + log + ")"));
        LoggerFactory.getLogger(KeyferryCommand.class).error("keyferry {} failed", command.getCommandName(), e);
        return 2;
    }

}
