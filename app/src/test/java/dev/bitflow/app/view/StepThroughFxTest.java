package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.view.stepthrough.BitTilesCanvas;
import dev.bitflow.app.viewmodel.stepthrough.StepCard.Step;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The step-through in the real window: a model arrives, Next and the arrow keys walk through the steps; a click on the
 * layer's map chooses the bit and moves its receptive field on the image.
 */
class StepThroughFxTest extends WorkbenchWindowTest {
    @Test
    void nextAndArrowKeysWalkThroughTheStepsOfOneBit(FxRobot robot) throws Exception {
        robot.clickOn("#nav-step-through");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#step-empty").query().isVisible()).isTrue();
        adoptRandomModel(robot, 21);
        var vm = context.stepThrough();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null
                || !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#step-empty").query().isVisible()).isFalse();
        assertThat(robot.lookup("#step-title").queryAs(Label.class).getText()).isEqualTo("Input bits");
        assertThat(robot.lookup("#step-image-caption").queryAs(Label.class).getText()).startsWith("Test image 0\n");
        BitTilesCanvas inputBits = robot.lookup("#step-input-bits").queryAs(BitTilesCanvas.class);
        assertThat(inputBits.getHeight()).as("32 slices of 3x3 tiles").isGreaterThan(20);
        assertThat(robot.lookup("#step-previous").query().isDisabled()).isTrue();

        robot.clickOn("#step-next");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.WEIGHTS);
        assertThat(robot.lookup("#step-title").queryAs(Label.class).getText()).isEqualTo("Weight bits");

        robot.clickOn("#step-title");
        robot.type(KeyCode.RIGHT, 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.DOT_PRODUCT);
        assertThat(robot.lookup("#step-formula").queryAs(Label.class).getText())
                .contains("= " + vm.resultProperty().get().dotProduct());
        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.POPCOUNT);
    }

    @Test
    void clickingAPositionOnTheMapTakesThatBitApartAndMovesTheFieldOnTheImage(FxRobot robot) throws Exception {
        robot.clickOn("#nav-step-through");
        adoptRandomModel(robot, 22);
        var vm = context.stepThrough();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null
                || !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#step-field-caption").queryAs(Label.class).getText())
                .startsWith("Receptive field of (y 7, x 7): 8 \u00d7 8 pixels");
        assertThat(robot.lookup("#step-map-caption").queryAs(Label.class).getText()).contains("(y 7, x 7) is marked");

        BitTilesCanvas map = robot.lookup("#step-map").queryAs(BitTilesCanvas.class);
        Point2D tile = map.tileCentre(13); // row 0, column 13 of the 14 x 14 grid
        assertThat(tile).isNotNull();
        robot.clickOn(map.localToScreen(tile));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.resultProperty().get().x() == 13 && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.resultProperty().get().y()).isZero();
        assertThat(vm.yProperty().get()).isZero();
        @SuppressWarnings("unchecked")
        Spinner<Integer> column = robot.lookup("#step-x").queryAs(Spinner.class);
        assertThat(column.getValue()).isEqualTo(13);
        assertThat(robot.lookup("#step-field-caption").queryAs(Label.class).getText())
                .contains("(y 0, x 13)", "rows 0\u20134, columns 23\u201327", "dashed part");
        assertThat(vm.fieldProperty().get().beyondEdge()).isTrue();
        assertThat(robot.lookup("#step-title").queryAs(Label.class).getText()).isEqualTo("Input bits");
        assertThat(vm.cards().get(0).formula()).contains("fall on the zero padding");

        // Both figures are on File > Export with the step card.
        Menu export = new Menu("Export");
        robot.interact(() -> workbench.exports().fillMenu(export, workbench.scene().getRoot()));
        assertThat(export.getItems()).extracting(MenuItem::getText).contains("Receptive field", "Feature map", "Step-through");
    }
}
