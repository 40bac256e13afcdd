package dev.bitflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first window appears before ND4J is touched: the real {@code bitflow gui} start in a child JVM (headless Monocle)
 * with a class-load log, in which no {@code org.nd4j} class comes before the moment the window is shown
 * ({@link FirstWindowProbe}); the numeric backend loads after it, in the background, so the work the window deferred
 * does run. Time cannot be asserted on a shared machine (benchmarks/start_time.sh measures it); what loads before the
 * window can.
 */
class FirstWindowTest {
    private static final String MARK = FirstWindowProbe.WindowShown.class.getName();

    @TempDir
    Path scratch;

    @Test
    void theWindowIsShownBeforeNd4jLoadsAndNd4jLoadsAfterIt() throws Exception {
        Path log = scratch.resolve("class-load.log");
        Process child = start(log);
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            List<String> lines = List.of();
            while (System.nanoTime() < deadline && child.isAlive()) {
                lines = read(log);
                int mark = indexOf(lines, MARK);
                if (mark >= 0 && lines.subList(mark, lines.size()).stream().anyMatch(FirstWindowTest::isNd4j)) {
                    break;
                }
                Thread.sleep(200);
            }
            lines = read(log);
            int mark = indexOf(lines, MARK);
            assertThat(mark).as("the window was shown (child alive: %s, output in %s)", child.isAlive(),
                    scratch.resolve("child.out")).isGreaterThanOrEqualTo(0);
            assertThat(lines.subList(0, mark)).as("classes loaded before the first window was shown")
                    .noneMatch(FirstWindowTest::isNd4j)
                    .anyMatch(l -> l.contains(" dev.bitflow.app.view.MainWindow "));
            assertThat(lines.subList(mark, lines.size())).as("the numeric backend, prepared once the window is up")
                    .anyMatch(FirstWindowTest::isNd4j);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of("-Xlog:class+load=info:file=" + log, "-Dbitflow.stderrIsTerminal=false",
                "-cp", System.getProperty("java.class.path"), FirstWindowProbe.class.getName(),
                "gui", "--settings", scratch.resolve("settings").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("child.out").toFile());
        // a display for the command's check (Monocle draws nowhere); the runs list and logs in the test's folder
        pb.environment().put("DISPLAY", ":0");
        pb.environment().put("XDG_DATA_HOME", scratch.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", scratch.resolve("state").toString());
        return pb.start();
    }

    private static List<String> read(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private static int indexOf(List<String> lines, String className) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + className + " ")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNd4j(String line) {
        return line.contains(" org.nd4j.");
    }
}
