package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares: version, help, the gui command, internal errors, completion, escaped output. */
class CliConventionsTest {
    @TempDir
    Path dir;

    private CliHarness cli(Map<String, String> env, GuiStarter gui) {
        return new CliHarness(() -> EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader())),
                false, dir.resolve("logs"), env, gui);
    }

    private CliHarness cli() {
        return cli(Map.of(), args -> {
            throw new AssertionError("no window in this test");
        });
    }

    @Test
    void versionIsTheBuildsVersion() {
        CliHarness c = cli();
        assertThat(c.run("--version")).isZero();
        assertThat(c.out().lines().toList()).first().isEqualTo("BitFlow Workbench " + BuildInfo.version());
        assertThat(c.out()).contains("Java " + Runtime.version()).containsPattern("ND4J linux-x86_64\\S* \\(");
        assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    }

    @Test
    void guiIsACommandWithHelpAndSaysInOneLineWhenThereIsNoDisplay() {
        CliHarness c = cli();
        assertThat(c.run("--help")).isZero();
        assertThat(c.out()).contains("  gui ", "  completion ");
        assertThat(c.run("gui", "--help")).isZero();
        assertThat(c.out()).contains("Usage: bitflow gui", "--screenshots=DIR", "--model=FILE.bfm", "--workspace=DIR");

        assertThat(c.run("gui")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(c.err()).startsWith("error: no display").contains("--screenshots").hasLineCount(1);
        assertThat(c.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void guiOpensTheWindowWithADisplayAndRendersScreenshotsWithout() {
        List<List<String>> opened = new ArrayList<>();
        CliHarness withDisplay = cli(Map.of("DISPLAY", ":65"), args -> {
            opened.add(args);
            return 0;
        });
        assertThat(withDisplay.run("gui", "--model", "m.bfm")).isZero();
        assertThat(withDisplay.run("gui", "--workspace", "runs", "--settings", "s")).isZero();
        CliHarness headless = cli(Map.of(), args -> {
            opened.add(args);
            return 0;
        });
        assertThat(headless.run("gui", "--screenshots", "shots", "--no-training")).isZero();
        assertThat(opened).containsExactly(List.of("--model", "m.bfm"), List.of("--settings", "s", "--workspace", "runs"),
                List.of("--screenshots", "shots", "--no-training"));
    }

    @Test
    void anInternalErrorPrintsOneLineNamingTheReportAndExitsWithItsOwnCode() throws IOException {
        CliHarness c = new CliHarness(() -> {
            throw new IllegalStateException("engine exploded");
        }, false, dir.resolve("logs"), Map.of(), args -> 0);
        int code = c.run("check", "fashion-bcnn");
        assertThat(code).isEqualTo(BitflowCli.EXIT_INTERNAL_ERROR).isNotIn(0, 1, 2);
        assertThat(c.err()).hasLineCount(1)
                .startsWith("internal error (a bug in BitFlow Workbench): IllegalStateException: engine exploded")
                .doesNotContain("\tat ");
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            reports = s.toList();
        }
        assertThat(reports).hasSize(1);
        assertThat(c.err()).contains("the details are in " + reports.get(0));
        assertThat(Files.readString(reports.get(0))).contains("bitflow check fashion-bcnn",
                "java.lang.IllegalStateException: engine exploded", "\tat ");
    }

    @Test
    void enumOptionsListTheirValuesAndRefuseOthers() {
        CliHarness c = cli();
        assertThat(c.run("train", "--help")).isZero();
        assertThat(c.out()).contains("table, json").contains("none, mean-abs");
        assertThat(c.run("inspect", "--help")).isZero();
        assertThat(c.out()).contains("table, json, csv, md");
        assertThat(c.run("check", "fashion-bcnn", "--format", "xml")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(c.err()).contains("--format", "'xml' is not one of table, json");
        assertThat(c.run("check", "fashion-bcnn", "--format", "JSON")).isZero();
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndValue() {
        CliHarness c = cli();
        assertThat(c.run("completion")).isZero();
        assertThat(c.out()).contains("complete -F", "bitflow", "train", "--max-train", "mean-abs", "gui");
    }

    @Test
    void negativeCountsAreRefused() {
        CliHarness c = cli();
        for (String[] args : new String[][] {{"train", "x.bitflow.json", "--max-train", "-5"},
                {"verify", "m.bfm", "--limit", "-1"}, {"sf-report", "m.bfm", "--train-examples", "-3"},
                {"bench", "--runs", "0"}, {"bench", "--warmup", "-1"}, {"train", "x.bitflow.json", "--threads", "0"},
                {"train", "x.bitflow.json", "--epochs", "-2"}}) {
            assertThat(c.run(args)).as(String.join(" ", args)).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(c.err()).contains("Invalid value for option '" + args[args.length - 2] + "'");
        }
    }

    @Test
    void controlCharactersInNamesPathsAndMessagesAreShownEscaped() throws IOException {
        String hostile = "evil\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e";
        String def = Files.readString(Path.of("..", "sample-models", "fashion-bcnn.bitflow.json"))
                .replace("\"name\": \"fashion-bcnn\"", "\"name\": \"" + hostile.replace("\u001b", "\\u001b")
                        .replace("\u0007", "\\u0007").replace("\u009b", "\\u009b").replace("\u202e", "\\u202e") + "\"");
        Path file = Files.writeString(dir.resolve("d.bitflow.json"), def);
        CliHarness c = cli();
        assertThat(c.run("check", file.toString())).isZero();
        assertThat(c.out()).startsWith("evil\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m\\u202E: ");
        String checked = c.out();
        assertThat(c.run("check", dir.resolve("no\u001b[2Jsuch.json").toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(c.err()).contains("no\\u001B[2Jsuch.json");
        String error = c.err();

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("bad\u001b[31m.jar"), "not a jar");
        CliHarness p = new CliHarness(() -> EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader(),
                plugins)), false, dir.resolve("logs"), Map.of(), args -> 0);
        assertThat(p.run("plugins")).isZero();
        assertThat(p.out()).contains("bad\\u001B[31m.jar");
        for (String text : List.of(checked, error, p.out())) {
            assertThat(text.chars().filter(ch -> ch < 0x20 && ch != '\n' || ch >= 0x7f && ch <= 0x9f
                    || ch == 0x202e)).isEmpty();
        }
    }
}
