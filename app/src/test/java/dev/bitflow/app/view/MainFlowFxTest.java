package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main flow in the real window under headless Monocle: edit the definition, train one epoch on (a
 * slice of) the embedded mini set while watching the JavaFX pulse, fuse, verify, analyse SF, open the
 * inspector and step through one output bit.
 */
class MainFlowFxTest extends WorkbenchWindowTest {
    private void waitFor(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.MINUTES, () -> WaitForAsyncUtils.asyncFx(done).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void editTrainFuseVerifyInspectAndStepThrough(FxRobot robot) throws Exception {
        // Edit: conv3 gets 96 filters.
        int conv3 = context.editor().rows().stream().filter(r -> r.spec().name().equals("conv3")).findFirst().orElseThrow().index();
        robot.interact(() -> context.editor().selectedIndexProperty().set(conv3));
        TextField filters = robot.lookup("#field-filters").queryAs(TextField.class);
        robot.doubleClickOn(filters).eraseText(filters.getText().length()).write("96").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Conv2dSpec) context.editor().definition().layers().get(conv3)).filters()).isEqualTo(96);

        // Train one epoch on 300 mini-set images, watching the pulse.
        robot.clickOn("#nav-training");
        robot.interact(() -> {
            context.training().maxTrainExamplesProperty().set(300);
            context.training().batchSizeProperty().set(50);
        });
        WorkThreadSampler sampler = new WorkThreadSampler("dev.bitflow.engine.train.", "org.nd4j.");
        PulseWatch watch = trainOneEpochWatchingThePulse(robot);
        sampler.close();
        System.out.printf("during training: %d pulses, longest gap %d ms, longest FX-thread work/blocking between pulses "
                + "%d ms; %d stack samples, threads in the training code: %s%n", watch.pulses(), watch.maxGapMillis(),
                watch.maxOwnStallMillis(), sampler.samples(), sampler.threadsInWork());
        assertThat(context.training().runs()).hasSize(1)
                .allSatisfy(r -> assertThat(r.outcomeProperty().get()).startsWith("finished"));
        assertThat(context.training().modelProperty().get().definition().layers().get(conv3))
                .isEqualTo(context.editor().definition().layers().get(conv3));
        // Which thread trained, not how fast the window drew: the training code (and ND4J under it) ran on a
        // worker and never on the JavaFX thread, in any of the stack samples taken while it ran.
        assertThat(sampler.threadsInWork()).as("threads seen in the training code")
                .anySatisfy(name -> assertThat(name).startsWith("bitflow-task-"));
        assertThat(sampler.fxThreadInWork()).as("JavaFX thread stacks inside the training code").isEmpty();
        assertThat(watch.pulses()).as("pulses drawn while training").isPositive();

        // Fuse and verify.
        robot.clickOn("#nav-batchshift");
        robot.clickOn("#batchshift-fuse");
        waitFor("fusion", () -> !context.batchShift().busyProperty().get());
        assertThat(context.batchShift().rows()).isNotEmpty();
        robot.interact(() -> context.batchShift().limitProperty().set(50));
        robot.clickOn("#batchshift-verify");
        waitFor("verification", () -> !context.batchShift().busyProperty().get());
        assertThat(context.batchShift().reportProperty().get().examples()).isEqualTo(50);
        assertThat(context.batchShift().reportProperty().get().mismatchesOutsideTies()).isZero();

        // Inspector shows the edited definition's ledger.
        robot.clickOn("#nav-inspector");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.inspector().rows()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo("conv3");
            assertThat(r.output().channels()).isEqualTo(96);
        });

        // Step through one output bit of conv2.
        robot.clickOn("#nav-step-through");
        robot.interact(() -> context.stepThrough().choose(context.stepThrough().layers().get(0), 3, 5, 6, 0));
        waitFor("step-through", () -> !context.stepThrough().busyProperty().get()
                && context.stepThrough().resultProperty().get() != null);
        assertThat(context.stepThrough().layerProperty().get().name()).isEqualTo("conv2");
        var r = context.stepThrough().resultProperty().get();
        assertThat(r).isNotNull();
        assertThat(r.dotProduct()).isEqualTo(2 * r.popcount() - r.kEff());
        if (Math.abs(r.floatBatchNorm()) > 1e-3) { // away from a float rounding tie the two paths agree
            assertThat(r.outputBit()).isEqualTo(r.floatSign());
        }
        robot.clickOn("#step-next").clickOn("#step-next");
        assertThat(context.stepThrough().stepIndexProperty().get()).isEqualTo(2);
        assertThat(context.stepThrough().cardProperty().get().title()).isEqualTo("XNOR");
    }

    /** Starts one training run from the Training view and waits for its end, watching the JavaFX pulse. */
    private PulseWatch trainOneEpochWatchingThePulse(FxRobot robot) throws Exception {
        PulseWatch watch = new PulseWatch();
        robot.interact(watch::start);
        robot.clickOn("#training-start");
        waitFor("training", () -> !context.training().runningProperty().get());
        robot.interact(watch::stop);
        return watch;
    }
}
