package dev.bitflow.app.viewmodel.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.EngineDefinitionGateway;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's state machine without the JavaFX toolkit, on the real engine. */
class EditorViewModelTest {
    @TempDir
    Path dir;
    private EditorViewModel vm;
    private final List<String> errors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Engine engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
        EngineDefinitionGateway definitions = new EngineDefinitionGateway(engine);
        AppPreferences prefs = new AppPreferences(dir.resolve("settings"));
        AutosaveStore autosave = new AutosaveStore(prefs.autosaveDirectory(), definitions, null, 0, e -> errors.add(e.getMessage()));
        vm = new EditorViewModel(definitions, new SameThreadTaskExecutor(), prefs, autosave,
                definitions.startDefinition().withLayers(List.of()), null);
        vm.setErrorSink(errors::add);
    }

    private List<String> names() {
        return vm.definition().layers().stream().map(LayerSpec::name).toList();
    }

    @Test
    void paletteAddsLayersWithUniqueNamesAfterTheSelection() {
        vm.addLayerAfterSelection(LayerKind.CONV_FLOAT);
        vm.addLayerAfterSelection(LayerKind.CONV_BINARY);
        vm.addLayerAfterSelection(LayerKind.BATCHNORM);
        vm.selectedIndexProperty().set(0);
        vm.addLayerAfterSelection(LayerKind.CONV_FLOAT);
        assertThat(names()).containsExactly("conv1", "conv2", "bconv1", "bn1");
        assertThat(vm.selectedIndexProperty().get()).isEqualTo(1);
        assertThat(vm.rows()).extracting(LayerRow::index).containsExactly(0, 1, 2, 3);
        assertThat(vm.selectedFields()).extracting(PropertyField::key).contains("filters", "kernel", "padding");
        assertThat(vm.isDirty()).isTrue();
    }

    @Test
    void reorderMovesTheLayerAndKeepsItSelected() {
        vm.addLayer(LayerKind.CONV_FLOAT, -1);
        vm.addLayer(LayerKind.BATCHNORM, -1);
        vm.addLayer(LayerKind.SIGN, -1);
        vm.moveLayer(2, 0);
        assertThat(names()).containsExactly("sign1", "conv1", "bn1");
        assertThat(vm.selectedIndexProperty().get()).isZero();
        vm.moveLayer(0, 99);
        assertThat(names()).containsExactly("conv1", "bn1", "sign1");
        assertThat(vm.selectedIndexProperty().get()).isEqualTo(2);
    }

    @Test
    void undoAndRedoWalkTheHistoryAndTheDirtyFlagFollowsTheSavedState() {
        assertThat(vm.isDirty()).isFalse();
        assertThat(vm.canUndoProperty().get()).isFalse();
        vm.addLayer(LayerKind.CONV_FLOAT, -1);
        vm.addLayer(LayerKind.SIGN, -1);
        vm.removeLayer(0);
        assertThat(names()).containsExactly("sign1");
        vm.undo();
        assertThat(names()).containsExactly("conv1", "sign1");
        vm.undo();
        vm.undo();
        assertThat(names()).isEmpty();
        assertThat(vm.isDirty()).as("back at the state it opened with").isFalse();
        assertThat(vm.canUndoProperty().get()).isFalse();
        vm.redo();
        assertThat(names()).containsExactly("conv1");
        assertThat(vm.isDirty()).isTrue();
        vm.addLayer(LayerKind.DROPOUT, -1);
        assertThat(vm.canRedoProperty().get()).as("a new edit clears the redo stack").isFalse();
        assertThat(vm.titleProperty().get()).endsWith("modified");
    }

    @Test
    void invalidFieldsAreNotAppliedAndExplainWhy() {
        vm.addLayer(LayerKind.CONV_BINARY, -1);
        vm.addLayer(LayerKind.BATCHNORM, -1);
        vm.selectedIndexProperty().set(0);
        NetworkDefinitionSnapshot before = new NetworkDefinitionSnapshot(vm);
        assertThat(vm.editField("filters", "-3")).isEqualTo("Filters: must be >= 1, was -3");
        assertThat(vm.editField("name", "bn1")).isEqualTo("Name: another layer is already called bn1");
        before.assertUnchanged(vm);
        assertThat(vm.editField("filters", "96")).isNull();
        assertThat(((Conv2dSpec) vm.definition().layers().get(0)).filters()).isEqualTo(96);
        assertThat(vm.selectedFields()).filteredOn(f -> f.key().equals("filters"))
                .extracting(PropertyField::value).containsExactly("96");
        vm.undo();
        assertThat(((Conv2dSpec) vm.definition().layers().get(0)).filters()).isEqualTo(64);
    }

    @Test
    void newDefinitionKeepsInputAndTrainingAndIsClean() {
        vm.addLayer(LayerKind.CONV_FLOAT, -1);
        var input = vm.definition().input();
        vm.newDefinition();
        assertThat(vm.definition().layers()).isEmpty();
        assertThat(vm.definition().input()).isEqualTo(input);
        assertThat(vm.isDirty()).isFalse();
        assertThat(vm.canUndoProperty().get()).isFalse();
    }

    /** The definition at one moment, to assert that rejected edits changed nothing. */
    private record NetworkDefinitionSnapshot(Object definition, boolean canRedo) {
        NetworkDefinitionSnapshot(EditorViewModel vm) {
            this(vm.definition(), vm.canRedoProperty().get());
        }

        void assertUnchanged(EditorViewModel vm) {
            assertThat(vm.definition()).isSameAs(definition);
            assertThat(vm.canRedoProperty().get()).isEqualTo(canRedo);
        }
    }

    @Test
    void theNetworksNameAndInputShapeAreEditedWithValidationLiveShapesAndUndo() {
        vm.addLayer(LayerKind.CONV_FLOAT, -1);
        vm.selectedIndexProperty().set(-1);
        assertThat(vm.selectedFields()).extracting(PropertyField::key)
                .containsExactly(NetworkProperties.NAME, NetworkProperties.INPUT);
        assertThat(vm.selectedFields().get(1).value()).isEqualTo("1x28x28");

        assertThat(vm.editField(NetworkProperties.NAME, "  cifar-bcnn ")).isNull();
        assertThat(vm.definition().name()).isEqualTo("cifar-bcnn");
        assertThat(vm.titleProperty().get()).startsWith("cifar-bcnn");
        assertThat(vm.editField(NetworkProperties.NAME, " ")).isEqualTo("Name: must not be empty");

        assertThat(vm.editField(NetworkProperties.INPUT, "3 x 32 x 32")).isNull();
        assertThat(vm.definition().input()).isEqualTo(Shape.spatial(3, 32, 32));
        assertThat(vm.rows().get(0).input()).as("shape inference follows at once").isEqualTo(Shape.spatial(3, 32, 32));
        assertThat(vm.rows().get(0).output()).isEqualTo(Shape.spatial(32, 32, 32));
        assertThat(vm.summaryProperty().get()).endsWith("input 3x32x32");
        assertThat(vm.selectedFields().get(1).value()).isEqualTo("3x32x32");

        assertThat(vm.editField(NetworkProperties.INPUT, "0x28x28")).startsWith("Input: channels must be 1 to");
        assertThat(vm.editField(NetworkProperties.INPUT, "28x28")).startsWith("Input: write channels x height x width");
        assertThat(vm.editField(NetworkProperties.INPUT, "99999x99999x3")).contains("must be 1 to 16384");
        assertThat(vm.definition().input()).isEqualTo(Shape.spatial(3, 32, 32));
        assertThat(vm.editField(NetworkProperties.INPUT, "784")).isNull();
        assertThat(vm.definition().input()).isEqualTo(Shape.flat(784));
        assertThat(vm.checkProperty().get().count(DefinitionCheck.Severity.ERROR))
                .as("a conv on a flat input is a design error").isPositive();

        vm.undo();
        assertThat(vm.definition().input()).isEqualTo(Shape.spatial(3, 32, 32));
        vm.undo();
        assertThat(vm.definition().input()).isEqualTo(Shape.spatial(1, 28, 28));
        vm.undo();
        assertThat(vm.definition().name()).isNotEqualTo("cifar-bcnn");
        assertThat(errors).isEmpty();
    }
}
