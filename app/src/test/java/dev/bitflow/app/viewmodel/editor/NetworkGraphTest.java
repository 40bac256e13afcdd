package dev.bitflow.app.viewmodel.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import org.junit.jupiter.api.Test;

/** The editor's graph on the real engine: nodes by precision, shapes on edges, fused blocks from the ledger. */
class NetworkGraphTest {
    static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(NetworkGraphTest.class.getClassLoader()));

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void fashionBcnnAsAGraphWithItsFusedBlocks() {
        var gateway = new dev.bitflow.app.service.EngineDefinitionGateway(ENGINE);
        var prefs = new dev.bitflow.app.service.AppPreferences(dir.resolve("settings"));
        var autosave = new dev.bitflow.app.service.AutosaveStore(prefs.autosaveDirectory(), gateway, null, 0, e -> { });
        EditorViewModel editor = new EditorViewModel(gateway, new SameThreadTaskExecutor(), prefs, autosave,
                ENGINE.definitions().sample("fashion-bcnn"), null);
        NetworkGraphViewModel vm = new NetworkGraphViewModel(editor, ENGINE.ledger());
        NetworkGraph g = vm.graphProperty().get();
        assertThat(g.nodes()).hasSize(17);
        assertThat(g.nodes().get(0).name()).isEqualTo("conv1");
        assertThat(g.nodes().get(0).precision()).isEqualTo(NetworkGraph.Precision.FLOAT);
        assertThat(g.nodes().get(4).precision()).isEqualTo(NetworkGraph.Precision.BINARY);
        assertThat(g.nodes().get(2).precision()).isEqualTo(NetworkGraph.Precision.NONE);
        assertThat(g.edgeInto(0)).hasToString("1x28x28");
        assertThat(g.edgeInto(1)).hasToString("32x28x28");
        assertThat(g.edgeInto(4)).hasToString("32x14x14");
        assertThat(g.blocks()).isEmpty();

        vm.fusedProperty().set(true);
        g = vm.graphProperty().get();
        // conv2 -> pool2 -> bn2 -> sign2 is one fused step; so are conv1's, conv3's and fc1's blocks.
        assertThat(g.blocks()).contains(new NetworkGraph.Block("conv2", 4, 7), new NetworkGraph.Block("conv1", 0, 3));
        assertThat(g.blocks()).extracting(NetworkGraph.Block::name).contains("conv3", "fc1");

        editor.removeSelected();
        vm.select(3);
        assertThat(editor.selectedIndexProperty().get()).isEqualTo(3);
    }
}
