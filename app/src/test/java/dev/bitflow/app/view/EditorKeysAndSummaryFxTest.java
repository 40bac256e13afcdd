package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.viewmodel.editor.LayerRow;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Keys in the network list and the network summary line, in the real window under headless Monocle. */
class EditorKeysAndSummaryFxTest extends WorkbenchWindowTest {
    @SuppressWarnings("unchecked")
    private ListView<LayerRow> network(FxRobot robot) {
        return robot.lookup("#network-list").queryAs(ListView.class);
    }

    private String summary(FxRobot robot) {
        return robot.lookup("#network-summary").queryAs(Label.class).getText();
    }

    @Test
    void deleteInTheListRemovesExactlyTheSelectedLayer(FxRobot robot) {
        List<String> before = context.editor().rows().stream().map(r -> r.spec().name()).toList();
        robot.clickOn(robot.lookup("#network-list .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().selectedIndexProperty().get()).isZero();
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems().stream().map(r -> r.spec().name()).toList())
                .isEqualTo(before.subList(1, before.size()));
        // Undo brings back exactly that one layer.
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems().stream().map(r -> r.spec().name()).toList()).isEqualTo(before);
    }

    @Test
    void deleteOnAnotherPageRemovesNothing(FxRobot robot) {
        int layers = context.editor().rows().size();
        robot.interact(() -> context.editor().selectedIndexProperty().set(2));
        robot.clickOn("#nav-training");
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).hasSize(layers);
    }

    @Test
    void summaryFollowsEveryEditAndNewDefinition(FxRobot robot) {
        int layers = context.editor().rows().size();
        assertThat(summary(robot)).startsWith(layers + " layers, 3 binary");
        robot.interact(() -> context.editor().removeLayer(0));
        assertThat(summary(robot)).startsWith((layers - 1) + " layers, 3 binary");
        robot.clickOn("#palette-conv-binary");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(summary(robot)).startsWith(layers + " layers, 4 binary");
        robot.interact(() -> context.editor().newDefinition());
        assertThat(summary(robot)).startsWith("0 layers, 0 binary");
        robot.interact(() -> context.editor().undo());
        assertThat(summary(robot)).startsWith("0 layers, 0 binary"); // nothing to undo across documents
    }

    @Test
    void escInTheListShowsTheNetworksFieldsWhoseInputShapeIsEditedAndUndone(FxRobot robot) {
        robot.clickOn(robot.lookup("#network-list .list-cell").nth(1).queryAs(javafx.scene.Node.class));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().selectedIndexProperty().get()).isEqualTo(-1);
        assertThat(robot.lookup("#property-sheet-title").queryAs(Label.class).getText()).isEqualTo("NETWORK PROPERTIES");
        javafx.scene.control.TextField input = robot.lookup("#field-network-input").queryAs(javafx.scene.control.TextField.class);
        robot.doubleClickOn(input).eraseText(input.getText().length()).write("x").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(input.getStyleClass()).contains(dev.bitflow.assets.Assets.FIELD_INVALID);
        robot.doubleClickOn(input).eraseText(input.getText().length()).write("1x32x32").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(summary(robot)).endsWith("input 1x32x32");
        assertThat(context.editor().rows().get(0).input().toString()).isEqualTo("1x32x32");
        robot.clickOn("#editor-undo");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(summary(robot)).endsWith("input 1x28x28");
        assertThat(input.getText()).isEqualTo("1x28x28");
    }
}
