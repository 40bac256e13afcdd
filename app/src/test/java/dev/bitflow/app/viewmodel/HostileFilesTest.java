package dev.bitflow.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.EngineDefinitionGateway;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a hostile file in the window (a definition in the editor, a .bfm or .bff as the analysis views' model)
 * ends in one message for the error dialog, never an exception or a stack trace, and keeps what was open.
 */
class HostileFilesTest {
    private static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(HostileFilesTest.class.getClassLoader()));

    @TempDir
    Path dir;

    private Map<String, Path> hostileFiles() throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        files.put("noise", Files.write(dir.resolve("noise.bfm"), noise));
        files.put("empty", Files.createFile(dir.resolve("empty.bitflow.json")));
        files.put("nested", Files.writeString(dir.resolve("nested.bitflow.json"), "[".repeat(200_000)));
        files.put("escape name", Files.writeString(dir.resolve("esc\u001b[2J.bitflow.json"),
                "{\"format\": \"bitflow-definition\", \"name\": \"\\u001b]0;x\\u0007\"}"));
        files.put("truncated zip", Files.write(dir.resolve("cut.bfm"),
                java.util.Arrays.copyOf(Files.readAllBytes(Path.of("..", "sample-models", "fashion-bcnn.bfm")), 5000)));
        files.put("fused as trained", Path.of("..", "sample-models", "fashion-bcnn.bff"));
        files.put("definition as model", Path.of("..", "sample-models", "fashion-bcnn.bitflow.json"));
        files.put("folder", Files.createDirectories(dir.resolve("folder.bfm")));
        files.put("missing", dir.resolve("missing.bfm"));
        files.put("binary utf8", Files.write(dir.resolve("bad-utf8.bitflow.json"),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
        files.put("huge number", Files.writeString(dir.resolve("big.bitflow.json"),
                "{\"format\": \"bitflow-definition\", \"version\": 1" + "9".repeat(5000) + "}", StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void theEditorReportsEveryHostileDefinitionInOneMessageAndKeepsItsDocument() throws IOException {
        EngineDefinitionGateway definitions = new EngineDefinitionGateway(ENGINE);
        AppPreferences prefs = new AppPreferences(dir.resolve("settings"));
        List<String> errors = new ArrayList<>();
        AutosaveStore autosave = new AutosaveStore(prefs.autosaveDirectory(), definitions, null, 0, e -> { });
        EditorViewModel editor = new EditorViewModel(definitions, new SameThreadTaskExecutor(), prefs, autosave,
                definitions.startDefinition(), null);
        editor.setErrorSink(errors::add);
        var before = editor.definition();
        for (Map.Entry<String, Path> f : hostileFiles().entrySet()) {
            if (f.getKey().equals("definition as model")) {
                continue; // a good definition
            }
            errors.clear();
            editor.open(f.getValue());
            assertThat(errors).as(f.getKey()).singleElement().asString()
                    .startsWith("Cannot open " + f.getValue()).doesNotContain("\tat ", "Exception:");
            assertThat(editor.definition()).as(f.getKey()).isSameAs(before);
        }
    }

    @Test
    void theModelSessionReportsEveryHostileModelToTheDialogAndKeepsItsModel() throws IOException {
        List<String> errors = new ArrayList<>();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), new SameThreadTaskExecutor(), getClass().getClassLoader());
        session.setErrorSink(errors::add);
        session.open(Path.of("..", "sample-models", "fashion-bcnn.bfm"));
        var model = session.model();
        assertThat(model).isNotNull();
        for (Map.Entry<String, Path> f : hostileFiles().entrySet()) {
            errors.clear();
            session.open(f.getValue());
            assertThat(errors).as(f.getKey()).singleElement().asString()
                    .startsWith("Cannot open " + f.getValue().getFileName()).doesNotContain("\tat ");
            assertThat(session.model()).as(f.getKey()).isSameAs(model);
            assertThat(session.loadingProperty().get()).isFalse();
        }
    }
}
