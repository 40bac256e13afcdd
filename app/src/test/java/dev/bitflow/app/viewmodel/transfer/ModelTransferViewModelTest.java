package dev.bitflow.app.viewmodel.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File > Export and File > Import on the real engine, without the FX toolkit (tasks run inline). */
class ModelTransferViewModelTest {
    private static final Engine ENGINE = EngineProvider.load().create(
            PluginHost.discover(ModelTransferViewModelTest.class.getClassLoader(), null));

    @TempDir
    Path dir;

    private final SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
    private final ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
    private final NetworkDefinition def = ENGINE.definitions().sample("fashion-bcnn");
    private final ModelTransferViewModel vm = new ModelTransferViewModel(ENGINE.exports(), ENGINE.training(), session,
            () -> def, tasks);

    private ExportFormat format(String id) {
        return vm.exporters().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void exportOfTheFusedNetworkNeedsAModelAndThenWritesIt() throws Exception {
        assertThat(vm.exportSubject(format("c"))).isNull();
        vm.export(format("c"), dir.resolve("c"));
        assertThat(vm.problemProperty().get()).contains("needs a trained model");
        assertThat(dir.resolve("c")).doesNotExist();

        session.adopt(ENGINE.training().load(RandomModelFiles.write(dir.resolve("m.bfm"), def, 3)), "m.bfm");
        assertThat(vm.exportSubject(format("c"))).contains("fashion-bcnn", "m.bfm");
        vm.export(format("c"), dir.resolve("c"));
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.reportProperty().get()).startsWith("Exported 'fashion-bcnn' as c: 4 files in").contains("fashion_bcnn.c");
        assertThat(dir.resolve("c").resolve("fashion_bcnn.c")).exists();
    }

    @Test
    void aScriptExportTakesTheEditorsDefinition() {
        assertThat(vm.exportSubject(format("pytorch"))).isEqualTo("the definition 'fashion-bcnn'");
        vm.export(format("pytorch"), dir.resolve("py"));
        assertThat(vm.reportProperty().get()).contains("train_fashion_bcnn.py");
    }

    @Test
    void anImportSavedUnderANameWithoutExtensionGetsBfm() throws Exception {
        var source = ENGINE.training().load(RandomModelFiles.write(dir.resolve("source.bfm"), def, 8));
        Path npz = dev.bitflow.plugins.npz.NpzFixtures.write(dir.resolve("w.npz"),
                dev.bitflow.plugins.npz.NpzFixtures.entries(source.parameterValues()));
        vm.importWeights(vm.importers().get(0), npz, dir.resolve("imported"));
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(dir.resolve("imported.bfm")).isNotEmptyFile();
        assertThat(dir.resolve("imported")).doesNotExist();
        assertThat(session.sourceProperty().get()).isEqualTo("imported.bfm");
        assertThat(vm.reportProperty().get()).contains("into imported.bfm");
    }

    @Test
    void aBadWeightFileLeavesTheCurrentModelAndWritesNothing() throws Exception {
        Path npz = dir.resolve("w.npz");
        Files.writeString(npz, "not a zip");
        ExportFormat npzFormat = vm.importers().get(0);
        vm.importWeights(npzFormat, npz, dir.resolve("out.bfm"));
        assertThat(vm.problemProperty().get()).contains("not a .npz (zip) archive");
        assertThat(session.model()).isNull();
        assertThat(dir.resolve("out.bfm")).doesNotExist();
        vm.importWeights(npzFormat, npz, npz);
        assertThat(vm.problemProperty().get()).contains("must end in .bfm");
        assertThat(Files.readString(npz)).isEqualTo("not a zip");
    }
}
