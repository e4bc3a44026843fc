package io.keyferry.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.log4j.FileAppender;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;

/**
 * The log file of Kafka, Connect and the connectors, opened only once a run has passed its checks, so that a run
 * that could not start leaves no file or directory behind.
 */
final class LogFile {
    private static volatile Path opened;

    private LogFile() {
    }

    /** Sends the log to {@code file} from now on, creating its directory. */
    static void open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Logger root = Logger.getRootLogger();
        root.removeAllAppenders();
        root.addAppender(new FileAppender(new PatternLayout("[%d] %p %m (%c{1})%n"), file.toString(), true));
        opened = file;
    }

    /** The file the log goes to, or null while none was opened. */
    static Path opened() {
        return opened;
    }
}
