package dev.bitflow.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFoldersAndCrashLogTest {
    @TempDir
    Path dir;

    @Test
    void logsFollowEachPlatformsConvention() {
        Path home = Path.of("/home/u");
        assertThat(new UserFolders(Map.of(), "Linux", home).logs()).isEqualTo(Path.of("/home/u/.local/state/bitflow/logs"));
        assertThat(new UserFolders(Map.of("XDG_STATE_HOME", "/xdg/state"), "Linux", home).logs())
                .isEqualTo(Path.of("/xdg/state/bitflow/logs"));
        assertThat(new UserFolders(Map.of("XDG_STATE_HOME", "relative/ignored"), "Linux", home).logs())
                .as("XDG: relative paths are invalid and ignored").isEqualTo(Path.of("/home/u/.local/state/bitflow/logs"));
        assertThat(new UserFolders(Map.of(), "Mac OS X", home).logs())
                .isEqualTo(Path.of("/home/u/Library/Logs/BitFlow Workbench"));
    }

    @Test
    void aReportHoldsTheTraceAndOnlyTheNewestAreKept() throws IOException {
        CrashLog log = new CrashLog(dir.resolve("logs"), "9.9.9");
        Optional<Path> first = log.write(new IllegalStateException("boom"), "bitflow check x");
        assertThat(first).isPresent();
        assertThat(Files.readString(first.get())).contains("BitFlow Workbench 9.9.9", "doing:   bitflow check x",
                "java.lang.IllegalStateException: boom", "\tat ");
        for (int i = 0; i < CrashLog.KEEP + 5; i++) {
            log.write(new RuntimeException("again " + i), "x");
        }
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            assertThat(s.count()).isEqualTo(CrashLog.KEEP);
        }
    }

    @Test
    void aReportThatCannotBeWrittenIsEmptyNotAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(new CrashLog(file.resolve("logs"), "1").write(new RuntimeException(), "x")).isEmpty();
    }
}
