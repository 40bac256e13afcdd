package dev.bitflow.app.viewmodel.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.inspector.RateHeatMap.CellKind;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.analysis.ActivationPath;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's Activations section on the real engine, without the FX toolkit. */
class ActivationsViewModelTest {
    private static final Engine ENGINE = EngineProvider.load().create(
            PluginHost.discover(ActivationsViewModelTest.class.getClassLoader()));
    private static TrainedModel model;
    private static TrainedModel other;

    @BeforeAll
    static void models(@TempDir Path tmp) throws Exception {
        var def = ENGINE.definitions().sample("fashion-bcnn");
        model = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("m.bfm"), def, 5));
        other = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("o.bfm"), def, 6));
    }

    private static ActivationsViewModel vm(dev.bitflow.app.service.TaskExecutor tasks, ModelSession session) {
        ActivationsViewModel vm = new ActivationsViewModel(session, ENGINE.analysis(), ENGINE.datasets(), tasks);
        vm.rateExamplesProperty().set(20);
        return vm;
    }

    @Test
    void worksOnlyWhenShownThenGivesEveryLayerAndTheRates() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        ActivationsViewModel vm = vm(tasks, session);
        vm.activeProperty().set(true);
        assertThat(vm.traceProperty().get()).as("no model, nothing runs").isNull();
        assertThat(vm.exampleCountProperty().get()).isZero();
        vm.activeProperty().set(false);
        session.adopt(model, "m.bfm");
        assertThat(vm.exampleCountProperty().get()).isEqualTo(1000);
        assertThat(vm.traceProperty().get()).as("not on screen: no engine work").isNull();
        assertThat(vm.ratesProperty().get()).isNull();

        vm.activeProperty().set(true);
        var trace = vm.traceProperty().get();
        assertThat(trace.path()).isEqualTo(ActivationPath.FUSED_BITS);
        assertThat(trace.image().index()).isZero();
        assertThat(trace.layers()).extracting(ActivationMap::layer).containsExactly("sign1", "sign2", "sign3", "sign4");
        ActivationRates rates = vm.ratesProperty().get();
        assertThat(rates.examples()).isEqualTo(20);
        assertThat(rates.layers()).hasSize(4);
        assertThat(rates.layers().get(0).bitsPerChannel()).isEqualTo(20L * 14 * 14);
        // the random model has about 10% zero gammas: their channels are constant (dead)
        assertThat(rates.constantChannels()).isGreaterThan(0);
        assertThat(RateHeatMap.summary(rates)).startsWith(rates.constantChannels() + " dead (constant) and "
                + rates.nearlyConstantChannels() + " nearly constant").contains("480 channels", "20 test images");

        vm.exampleProperty().set(5);
        assertThat(vm.traceProperty().get().image().index()).isEqualTo(5);
        vm.exampleProperty().set(5000);
        assertThat(vm.exampleProperty().get()).as("clamped to the test set").isEqualTo(999);
        assertThat(vm.traceProperty().get().image().index()).isEqualTo(999);
        assertThat(vm.ratesProperty().get()).as("rates are per model, not per image").isSameAs(rates);

        session.adopt(other, "o.bfm");
        assertThat(vm.ratesProperty().get()).isNotSameAs(rates);
        assertThat(vm.traceProperty().get().image().index()).isEqualTo(999);
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void imageChangesWhileBusyAreQueuedAndTheLatestWins() {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        ActivationsViewModel vm = vm(tasks, session);
        vm.activeProperty().set(true);
        session.adopt(model, "m.bfm");
        assertThat(vm.traceBusyProperty().get()).isTrue();
        assertThat(vm.ratesBusyProperty().get()).isTrue();
        vm.exampleProperty().set(3);
        vm.exampleProperty().set(4);
        tasks.runAll();
        assertThat(vm.traceBusyProperty().get()).isFalse();
        assertThat(vm.ratesBusyProperty().get()).isFalse();
        assertThat(vm.traceProperty().get().image().index()).isEqualTo(4);
        assertThat(vm.ratesProperty().get()).isNotNull();
    }

    @Test
    void heatMapCellsSentencesAndScale() {
        LayerActivationRates layer = new LayerActivationRates("sign2", "conv2", 7, 7, 4900,
                new double[] {0.0, 1.0, 0.005, 0.5, 0.995, 0.2}, 2, 4);
        assertThat(RateHeatMap.kind(0.0, 0.01)).isEqualTo(CellKind.CONSTANT);
        assertThat(RateHeatMap.kind(1.0, 0.01)).isEqualTo(CellKind.CONSTANT);
        assertThat(RateHeatMap.kind(0.005, 0.01)).isEqualTo(CellKind.NEARLY_CONSTANT);
        assertThat(RateHeatMap.kind(0.995, 0.01)).isEqualTo(CellKind.NEARLY_CONSTANT);
        assertThat(RateHeatMap.kind(0.5, 0.01)).isEqualTo(CellKind.ACTIVE);
        assertThat(RateHeatMap.diverging(0.0)).isEqualTo(-1.0);
        assertThat(RateHeatMap.diverging(0.5)).isEqualTo(0.0);
        assertThat(RateHeatMap.diverging(1.0)).isEqualTo(1.0);
        assertThat(RateHeatMap.describe(layer, 1, 0.01)).isEqualTo("sign2 channel 1: +1 rate 100% of 4,900 bits \u2014 dead: always +1");
        assertThat(RateHeatMap.describe(layer, 0, 0.01)).endsWith("dead: always \u22121");
        assertThat(RateHeatMap.describe(layer, 2, 0.01)).contains("0.50%", "nearly constant (within 1% of 0)");
        assertThat(RateHeatMap.describe(layer, 5, 0.01)).contains("20%", "active");
        ActivationRates rates = new ActivationRates("m", "mini", 100, 0.01, ActivationPath.FUSED_BITS, List.of(layer));
        assertThat(RateHeatMap.summary(rates)).isEqualTo("2 dead (constant) and 4 nearly constant (+1 rate \u2264 1% or "
                + "\u2265 99%, dead included) of 6 channels, over 100 test images (fused bit-level network)");
        assertThat(RateHeatMap.rowLabel(layer)).isEqualTo("sign2 (conv2) \u00b7 2 dead");
    }
}
