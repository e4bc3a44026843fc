package io.keyferry.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that run the launcher as a user does: a data directory and a working directory per test. */
abstract class LauncherTest {
    @TempDir
    Path dataDir;

    /** The launcher's working directory, where a run without --data-dir keeps its data. */
    @TempDir
    Path workingDir;

    LauncherRun run(String... args) throws IOException {
        return new LauncherRun(workingDir, Map.of(), args);
    }

    /** @param environment variables added to the launcher's environment */
    LauncherRun run(Map<String, String> environment, String... args) throws IOException {
        return new LauncherRun(workingDir, environment, args);
    }
}
