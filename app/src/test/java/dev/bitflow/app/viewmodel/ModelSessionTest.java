package dev.bitflow.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.inspector.ActivationsViewModel;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.analysis.ActivationPath;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session keeps the fused model: the analysis views share one fusion per model, however often they ask. */
class ModelSessionTest {
    private static final Engine ENGINE = EngineProvider.load().create(
            PluginHost.discover(ModelSessionTest.class.getClassLoader()));
    private static TrainedModel model;
    private static TrainedModel other;

    /** Every {@code fuse} call through the service: the only way the API fuses a trained model. */
    private final List<TrainedModel> fusions = new ArrayList<>();
    private final FusionService fusion = counting(ENGINE.fusion());
    private final SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
    private final ModelSession session = new ModelSession(ENGINE.training(), fusion, tasks,
            getClass().getClassLoader());

    @BeforeAll
    static void models(@TempDir Path tmp) throws Exception {
        var def = ENGINE.definitions().sample("fashion-bcnn");
        model = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("m.bfm"), def, 5));
        other = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("o.bfm"), def, 6));
    }

    private FusionService counting(FusionService real) {
        return (FusionService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FusionService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fuse") && args[0] instanceof TrainedModel m) {
                        fusions.add(m);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aStepThroughSessionFusesTheModelOnce() {
        StepThroughViewModel vm = new StepThroughViewModel(session, fusion, ENGINE.definitions(), ENGINE.datasets(),
                tasks);
        session.adopt(model, "m.bfm");
        assertThat(vm.resultProperty().get()).isNotNull();
        // clicks: other channels, positions, images and layers, each recomputed
        vm.channelProperty().set(7);
        vm.xProperty().set(2);
        vm.yProperty().set(11);
        vm.exampleProperty().set(42);
        vm.layerProperty().set(vm.layers().get(1));
        vm.choose(vm.layers().get(2), 100, 0, 0, 9);
        vm.choose(vm.layers().get(0), 3, 0, 0, 17);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.resultProperty().get().layer()).isEqualTo(vm.layers().get(0).name());
        assertThat(vm.resultProperty().get().example()).isEqualTo(17);
        assertThat(fusions).as("fusions run during the step-through session").containsExactly(model);
        assertThat(session.fusedProperty().get()).isNotNull();
        assertThat(session.fusedProperty().get().definition()).isEqualTo(model.definition());
    }

    @Test
    void stepThroughActivationsAndBatchShiftShareOneFusionAndANewModelIsFusedOnceMore() {
        StepThroughViewModel stepThrough = new StepThroughViewModel(session, fusion, ENGINE.definitions(),
                ENGINE.datasets(), tasks);
        ActivationsViewModel activations = new ActivationsViewModel(session, ENGINE.analysis(), ENGINE.datasets(),
                tasks);
        activations.rateExamplesProperty().set(10);
        activations.activeProperty().set(true);
        BatchShiftViewModel batchShift = new BatchShiftViewModel(session, fusion, ENGINE.datasets(), tasks, s -> { });
        session.adopt(model, "m.bfm");

        assertThat(stepThrough.resultProperty().get()).isNotNull();
        assertThat(activations.traceProperty().get().path()).isEqualTo(ActivationPath.FUSED_BITS);
        activations.exampleProperty().set(8);
        assertThat(batchShift.phaseProperty().get()).as("the table shows the fusion another view made")
                .isEqualTo(BatchShiftViewModel.Phase.FUSED);
        batchShift.fuse();
        batchShift.limitProperty().set(8);
        batchShift.verify();
        assertThat(batchShift.reportProperty().get().examples()).isEqualTo(8);
        assertThat(fusions).containsExactly(model);

        session.adopt(other, "o.bfm");
        assertThat(session.fusedProperty().get().definition()).isEqualTo(other.definition());
        stepThrough.channelProperty().set(5);
        activations.exampleProperty().set(1);
        assertThat(activations.errorProperty().get()).isEmpty();
        assertThat(fusions).containsExactly(model, other);
    }
}
