package dev.bitflow.app.viewmodel.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.app.service.EngineDefinitionGateway;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor with the engine's shape inference and design checks, files, recent files and autosave. */
class EditorChecksAndFilesTest {
    @TempDir
    Path dir;
    private EngineDefinitionGateway definitions;
    private AppPreferences prefs;
    private AutosaveStore autosave;
    private EditorViewModel vm;
    private final List<String> errors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        definitions = new EngineDefinitionGateway(EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader())));
        prefs = new AppPreferences(dir.resolve("settings"));
        autosave = new AutosaveStore(prefs.autosaveDirectory(), definitions, null, 0, e -> errors.add(e.toString()));
        vm = newEditor();
    }

    private EditorViewModel newEditor() {
        EditorViewModel e = new EditorViewModel(definitions, new SameThreadTaskExecutor(), prefs, autosave,
                definitions.startDefinition(), null);
        e.setErrorSink(errors::add);
        return e;
    }

    private LayerRow row(String name) {
        return vm.rows().stream().filter(r -> r.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theSampleOpensWithShapesForEveryLayerAndNoErrors() {
        assertThat(vm.definition().name()).isEqualTo("fashion-bcnn");
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.output()).as(r.spec().name()).isNotNull());
        assertThat(row("conv1").output()).isEqualTo(Shape.spatial(32, 28, 28));
        assertThat(row("flatten").output()).isEqualTo(Shape.flat(128 * 7 * 7));
        assertThat(vm.checkProperty().get().count(DefinitionCheck.Severity.ERROR)).isZero();
        assertThat(vm.isDirty()).isFalse();
    }

    @Test
    void editsUpdateShapesAndChecksInlineAndUndoRestoresThem() {
        vm.selectedIndexProperty().set(0);
        assertThat(vm.editField("filters", "16")).isNull();
        assertThat(row("conv1").output()).isEqualTo(Shape.spatial(16, 28, 28));
        assertThat(row("conv2").input()).isEqualTo(Shape.spatial(16, 14, 14));

        assertThat(vm.editField("weights", "BINARY")).isNull();
        assertThat(row("conv1").issues()).extracting(DefinitionCheck.Issue::severity).contains(DefinitionCheck.Severity.WARNING);
        assertThat(row("conv1").issues()).anySatisfy(i -> assertThat(i.message()).contains("first layer"));

        // A 9x9 valid kernel on 7x7 maps cannot fit: a shape error on conv3.
        vm.selectedIndexProperty().set(vm.rows().indexOf(row("conv3")));
        vm.editField("padding", "VALID");
        vm.editField("kernel", "9");
        assertThat(row("conv3").hasErrors()).isTrue();
        assertThat(row("conv3").output()).isNull();

        vm.undo();
        vm.undo();
        vm.undo();
        vm.undo();
        assertThat(row("conv1").issues()).isEmpty();
        assertThat(row("conv3").hasErrors()).isFalse();
        assertThat(vm.isDirty()).isFalse();
    }

    @Test
    void saveAsWritesTheFileRemembersItAndMakesTheEditorClean() throws Exception {
        vm.addLayer(LayerKind.DROPOUT, 12);
        assertThat(vm.isDirty()).isTrue();
        Path file = dir.resolve("my.bitflow.json");
        vm.saveAs(file);
        assertThat(errors).isEmpty();
        assertThat(vm.isDirty()).isFalse();
        assertThat(vm.fileProperty().get()).isEqualTo(file);
        assertThat(vm.recentFiles()).containsExactly(file.toAbsolutePath());
        assertThat(definitions.load(file)).isEqualTo(vm.definition());

        EditorViewModel other = newEditor();
        other.open(file);
        assertThat(other.definition().layers()).hasSize(18);
        assertThat(other.isDirty()).isFalse();
        assertThat(other.titleProperty().get()).contains("my.bitflow.json");
    }

    @Test
    void saveAsNeverReplacesAFileOfAnotherKindNorCreatesFolders() throws Exception {
        Path model = Files.copy(Path.of("..", "sample-models", "fashion-bcnn.bfm"), dir.resolve("chosen.bitflow.json"));
        byte[] before = Files.readAllBytes(model);
        vm.saveAs(model);
        assertThat(errors).singleElement().asString().startsWith("Cannot save " + model)
                .contains("is a trained model; writing a network definition would destroy it (choose another file name)");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        assertThat(vm.fileProperty().get()).isNull();

        vm.saveAs(dir.resolve("no/such/folder/x.bitflow.json"));
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1)).contains("does not exist");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void aBadFileIsReportedAndTheCurrentDefinitionIsKept() throws Exception {
        Path bad = dir.resolve("bad.bitflow.json");
        Files.writeString(bad, "{\"format\": \"bitflow-definition\", \"version\": 1, \"layers\": [");
        var before = vm.definition();
        vm.open(bad);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("Cannot open " + bad).contains("bad.bitflow.json");
        assertThat(vm.definition()).isSameAs(before);
    }

    @Test
    void unsavedChangesAreAutosavedAndRecoveredAfterACrash() {
        vm.addLayer(LayerKind.DROPOUT, 12);
        vm.selectedIndexProperty().set(12);
        vm.editField("rate", "0.3");
        var unsaved = vm.definition();
        // "Crash": a new editor on the same settings folder finds the autosave.
        var recovery = autosave.pending().orElseThrow();
        assertThat(recovery.definition()).isEqualTo(unsaved);
        EditorViewModel after = newEditor();
        after.recover(recovery);
        assertThat(after.definition()).isEqualTo(unsaved);
        assertThat(after.isDirty()).as("recovered changes are not saved yet").isTrue();
        after.undo();
        assertThat(after.isDirty()).isFalse();
        // Undo back to the saved state clears the autosave.
        assertThat(autosave.pending()).isEmpty();
    }

    @Test
    void aNewSessionKeepsTheAutosaveOfAKilledOneUntilTheUserDecides() {
        vm.addLayer(LayerKind.DROPOUT, -1);
        var unsaved = vm.definition();
        // The next session: a new store and a clean editor on the same folder (its start clears its own state).
        AutosaveStore next = new AutosaveStore(prefs.autosaveDirectory(), definitions, null, 0, e -> errors.add(e.toString()));
        EditorViewModel after = new EditorViewModel(definitions, new SameThreadTaskExecutor(), prefs, next,
                definitions.startDefinition(), null);
        assertThat(after.isDirty()).isFalse();
        assertThat(next.pending()).map(AutosaveStore.Recovery::definition).contains(unsaved);
        // Declining it deletes it.
        after.discardRecovery();
        assertThat(next.pending()).isEmpty();
        assertThat(errors).isEmpty();
    }
}
