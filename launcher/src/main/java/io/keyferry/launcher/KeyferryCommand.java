package io.keyferry.launcher;

import java.nio.file.Path;
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
        // Kafka, Connect and the connectors log to a file; the console is for the user.
        System.setProperty("keyferry.log.file", MigrateCommand.dataDir(args).resolve("keyferry.log").toString());
        System.exit(new CommandLine(new KeyferryCommand()).execute(args));
    }

}
