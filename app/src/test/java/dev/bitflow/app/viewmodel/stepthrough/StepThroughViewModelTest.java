package dev.bitflow.app.viewmodel.stepthrough;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.stepthrough.StepCard.Step;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel.LayerChoice;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step-through's state on the real engine, without the FX toolkit. */
class StepThroughViewModelTest {
    private static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(StepThroughViewModelTest.class.getClassLoader()));
    private static TrainedModel model;

    @BeforeAll
    static void model(@TempDir Path tmp) throws Exception {
        model = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("m.bfm"),
                ENGINE.definitions().sample("fashion-bcnn"), 5));
    }

    private static StepThroughViewModel vm(dev.bitflow.app.service.TaskExecutor tasks, ModelSession session) {
        return new StepThroughViewModel(session, ENGINE.fusion(), ENGINE.definitions(), ENGINE.datasets(), tasks);
    }

    @Test
    void theBinaryLayersAreOfferedWithTheirGridsAndFieldLayouts() {
        var def = ENGINE.definitions().sample("fashion-bcnn");
        var layers = StepThroughViewModel.binaryLayers(def, ENGINE.definitions().check(def));
        assertThat(layers).extracting(LayerChoice::name).containsExactly("conv2", "conv3", "fc1");
        LayerChoice conv2 = layers.get(0);
        assertThat(conv2.channels()).isEqualTo(64);
        assertThat(conv2.height()).as("conv output grid, before pool2").isEqualTo(14);
        assertThat(conv2.layout()).isEqualTo(TileLayout.conv(3, 32));
        LayerChoice fc1 = layers.get(2);
        assertThat(fc1.height()).isEqualTo(1);
        assertThat(fc1.layout()).as("fc1 reads the flattened 128x7x7 map of sign3")
                .isEqualTo(TileLayout.flattened(128, 7, 7));
    }

    @Test
    void tileLayoutsMapTilesToTheStepThroughTapOrder() {
        TileLayout conv = TileLayout.conv(3, 32);
        assertThat(conv.index(5, 0, 0)).isEqualTo(5);
        assertThat(conv.index(0, 1, 2)).isEqualTo((1 * 3 + 2) * 32);
        assertThat(conv.index(32, 0, 0)).isEqualTo(-1);
        TileLayout flat = TileLayout.flattened(128, 7, 7);
        assertThat(flat.index(2, 3, 4)).isEqualTo(2 * 49 + 3 * 7 + 4);
        TileLayout plain = TileLayout.flat(11); // 5 columns, 3 rows, the last row partly empty
        assertThat(plain.cols()).isEqualTo(5);
        assertThat(plain.rows()).isEqualTo(3);
        assertThat(plain.index(0, 2, 0)).isEqualTo(10);
        assertThat(plain.index(0, 2, 1)).isEqualTo(-1);
    }

    @Test
    void aModelGivesSevenStepsWhoseNumbersAddUp() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        assertThat(vm.layers()).isEmpty();
        assertThat(vm.cards()).isEmpty();
        session.adopt(model, "m.bfm");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.exampleCountProperty().get()).isEqualTo(1000);
        assertThat(vm.layerProperty().get().name()).isEqualTo("conv2");
        assertThat(vm.yProperty().get()).isEqualTo(7);
        StepThrough r = vm.resultProperty().get();
        assertThat(r.layer()).isEqualTo("conv2");
        assertThat(vm.imageProperty().get().index()).isZero();
        assertThat(vm.cards()).extracting(StepCard::step).containsExactly(Step.values());
        assertThat(r.dotProduct()).isEqualTo(2 * r.popcount() - r.kEff());
        assertThat(vm.cards().get(4).formula()).contains("2 \u00b7 " + r.popcount() + " \u2212 " + r.kEff() + " = " + r.dotProduct());
        assertThat(r.constant()).as("the chosen channel of this seeded model is not constant").isFalse();
        assertThat(r.outputBit()).isEqualTo(r.dotProduct() + r.batchShift() >= 0);
        assertThat(vm.cards().get(5).formula()).endsWith("= " + (r.dotProduct() + r.batchShift()));
        assertThat(vm.cards().get(6).floatSide()).contains("sign(z)");

        // Stepping: bounded at both ends.
        assertThat(vm.canPreviousProperty().get()).isFalse();
        for (int i = 0; i < 10; i++) {
            vm.next();
        }
        assertThat(vm.stepIndexProperty().get()).isEqualTo(6);
        assertThat(vm.canNextProperty().get()).isFalse();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.OUTPUT);
        vm.previous();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.BATCH_SHIFT);
    }

    @Test
    void aPaddedCornerMasksTapsAndTheChoiceIsClampedToTheLayer() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        session.adopt(model, "m.bfm");
        vm.choose(vm.layers().get(0), 3, 0, 0, 17);
        StepThrough r = vm.resultProperty().get();
        assertThat(r.y()).isZero();
        assertThat(r.x()).isZero();
        assertThat(r.example()).isEqualTo(17);
        assertThat(r.kEff()).as("corner of a 3x3 zero-padded conv: 4 of 9 taps valid").isEqualTo(4 * 32);
        assertThat(vm.cards().get(0).formula()).contains("160 fall on the zero padding");
        assertThat(vm.cards().get(3).explanation()).contains("K_eff = K \u2212 160 padded = 128");
        assertThat(vm.imageProperty().get().index()).isEqualTo(17);

        vm.channelProperty().set(500);
        assertThat(vm.channelProperty().get()).isEqualTo(63);
        vm.layerProperty().set(vm.layers().get(2)); // fc1: a 1x1 grid
        assertThat(vm.yProperty().get()).isZero();
        assertThat(vm.resultProperty().get().layer()).isEqualTo("fc1");
        assertThat(vm.resultProperty().get().inputBits()).hasSize(6272);
        assertThat(vm.cards().get(0).formula()).isEqualTo("K = 6,272 input bits");
    }

    @Test
    void theFieldAndTheMapShowWhereTheBitSitsAndAClickOnTheMapChoosesAnother() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        session.adopt(model, "m.bfm");
        // conv2 (7, 7) reads pool1 rows 6..8, which read conv1 rows 12..17, which read image rows 11..18
        var field = vm.fieldProperty().get();
        assertThat(new int[] {field.pixelTop(), field.pixelLeft(), field.pixelBottom(), field.pixelRight()})
                .containsExactly(11, 11, 18, 18);
        assertThat(field.jump()).isEqualTo(2);
        assertThat(StepThroughViewModel.describe(field)).isEqualTo("Receptive field of (y 7, x 7): 8 \u00d7 8 pixels, "
                + "neighbours 2 pixels apart. It reads rows 11\u201318, columns 11\u201318 of the 28 \u00d7 28 image.");
        StepThrough r = vm.resultProperty().get();
        assertThat(r.mapRows()).isEqualTo(14);
        assertThat(r.mapCols()).isEqualTo(14);
        assertThat(r.mapBit(7, 7)).isEqualTo(r.outputBit());
        assertThat(StepThroughViewModel.describeMap(r, vm.layerProperty().get()))
                .startsWith("Channel 0 of conv2: 14 \u00d7 14 output bits (before pooling)").contains("(y 7, x 7) is marked");

        vm.stepIndexProperty().set(3);
        vm.selectOnMap(0, 13);
        assertThat(vm.resultProperty().get().y()).isZero();
        assertThat(vm.resultProperty().get().x()).isEqualTo(13);
        assertThat(vm.channelProperty().get()).isZero();
        assertThat(vm.stepIndexProperty().get()).as("the step shown stays").isEqualTo(3);
        field = vm.fieldProperty().get();
        assertThat(new int[] {field.top(), field.left(), field.bottom(), field.right()}).containsExactly(-3, 23, 4, 30);
        assertThat(new int[] {field.pixelTop(), field.pixelLeft(), field.pixelBottom(), field.pixelRight()})
                .containsExactly(0, 23, 4, 27);
        assertThat(StepThroughViewModel.describe(field)).contains("rows 0\u20134, columns 23\u201327", "dashed part");
        assertThat(vm.resultProperty().get().mapBit(0, 13)).isEqualTo(vm.resultProperty().get().outputBit());

        vm.selectOnMap(14, 0); // outside the map: nothing changes
        assertThat(vm.resultProperty().get().x()).isEqualTo(13);

        vm.layerProperty().set(vm.layers().get(2)); // fc1: the map is its 256 units; a click chooses the unit
        assertThat(vm.resultProperty().get().mapCols()).isEqualTo(256);
        vm.selectOnMap(0, 200);
        assertThat(vm.resultProperty().get().channel()).isEqualTo(200);
        assertThat(vm.fieldProperty().get().jump()).isZero();
        assertThat(StepThroughViewModel.describe(vm.fieldProperty().get())).contains("whole flattened map",
                "rows 0\u201327, columns 0\u201327", "dashed frame is the padding");
        assertThat(StepThroughViewModel.describeMap(vm.resultProperty().get(), vm.layerProperty().get()))
                .startsWith("The 256 output bits of fc1; unit 200 is marked.");
    }

    @Test
    void changesWhileComputingAreQueuedAndTheLatestChoiceWins() {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        session.adopt(model, "m.bfm");
        assertThat(vm.busyProperty().get()).isTrue();
        vm.channelProperty().set(9);
        vm.exampleProperty().set(3);
        tasks.runAll();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.resultProperty().get().channel()).isEqualTo(9);
        assertThat(vm.resultProperty().get().example()).isEqualTo(3);
    }

    @Test
    void aResultArrivingAfterTheLayerChangedComesWithItsOwnLayer() {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        session.adopt(model, "m.bfm");
        tasks.runAll();
        vm.layerProperty().set(vm.layers().get(1)); // conv3: computing
        vm.layerProperty().set(vm.layers().get(2)); // fc1: queued behind it
        assertThat(tasks.pending()).isEqualTo(1);
        tasks.runOne(0);
        assertThat(vm.layerProperty().get().name()).isEqualTo("fc1");
        StepThrough r = vm.resultProperty().get();
        assertThat(r.layer()).isEqualTo("conv3");
        assertThat(vm.resultLayerProperty().get().name()).as("drawn with conv3's layouts, not fc1's").isEqualTo("conv3");
        assertThat(vm.resultLayerProperty().get().layout().bits()).isEqualTo(r.inputBits().length);
        assertThat(StepThroughViewModel.mapLayout(r, vm.resultLayerProperty().get()).bits()).isEqualTo(r.mapBits().length);
        tasks.runAll();
        assertThat(vm.resultProperty().get().layer()).isEqualTo("fc1");
        assertThat(vm.resultLayerProperty().get().name()).isEqualTo("fc1");
    }

    @Test
    void whileNotShownNothingIsComputedUntilTheViewAppears() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, getClass().getClassLoader());
        StepThroughViewModel vm = vm(tasks, session);
        vm.activeProperty().set(false);
        session.adopt(model, "m.bfm");
        vm.channelProperty().set(4);
        assertThat(vm.layers()).isNotEmpty();
        assertThat(vm.resultProperty().get()).isNull();
        vm.activeProperty().set(true);
        assertThat(vm.resultProperty().get().channel()).isEqualTo(4);
    }
}
