package io.keyferry.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyferry.it.harness.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A launcher process run as a user runs it, in a working directory of its own, and the lines it printed so far. */
final class LauncherRun {
    private static final String LAUNCHER = System.getProperty("keyferry.launcher");

    final Process process;
    final List<String> output = Collections.synchronizedList(new ArrayList<>());
    final Thread reader;

    /** @param environment variables added to the launcher's environment */
    LauncherRun(Path workingDir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(workingDir.toFile());
        // Tests run side by side: only the one that checks class data sharing records its archive.
        builder.environment().put("KEYFERRY_CDS", "off");
        builder.environment().putAll(environment);
        process = builder.start();
        reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("launcher still running after " + timeout + "; output:\n" + text());
        }
        Await.until("the launcher's child processes to end", Duration.ofSeconds(10),
                () -> descendants.stream().noneMatch(ProcessHandle::isAlive));
        reader.join(TimeUnit.SECONDS.toMillis(10)); // the last lines may still be in the pipe
        return process.exitValue();
    }

    String text() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The keys the snapshot scanned so far, from the launcher's last progress line during the scan; 0 before it. */
    static long scanned(String output) {
        Matcher line = Pattern.compile("snapshot ([\\d,]+) / ~").matcher(output);
        long scanned = 0;
        while (line.find()) {
            scanned = Long.parseLong(line.group(1).replace(",", ""));
        }
        return scanned;
    }

    /** The records produced into the topic, from the launcher's last progress line. */
    static long recordsProduced(String output) {
        Matcher last = Pattern.compile("snapshot done: ([\\d,]+) records produced")
                .matcher(output);
        long produced = -1;
        while (last.find()) {
            produced = Long.parseLong(last.group(1).replace(",", ""));
        }
        assertTrue(produced >= 0, "no final progress line in:\n" + output);
        return produced;
    }
}
