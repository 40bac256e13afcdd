package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.engine.api.definition.LayerType;
import dev.bitflow.app.viewmodel.editor.LayerRow;
import dev.bitflow.assets.Assets;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real window under headless Monocle: the editor flow, view switching, theme toggle, the SF view's hints. */
class WorkbenchFxTest extends WorkbenchWindowTest {
    @SuppressWarnings("unchecked")
    private ListView<LayerRow> network(FxRobot robot) {
        return robot.lookup("#network-list").queryAs(ListView.class);
    }

    @Test
    void paletteAddsALayerThePropertySheetEditsItAndUndoRestoresIt(FxRobot robot) {
        int before = network(robot).getItems().size();
        robot.clickOn("#palette-conv-float");
        robot.clickOn("#palette-batchnorm");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems()).hasSize(before + 2);
        assertThat(network(robot).getSelectionModel().getSelectedItem().spec().type()).isEqualTo(LayerType.BATCHNORM);

        robot.interact(() -> network(robot).getSelectionModel().select(before));
        TextField filters = robot.lookup("#field-filters").queryAs(TextField.class);
        robot.doubleClickOn(filters).eraseText(filters.getText().length()).write("48").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems().get(before).summary()).startsWith("48 filters");

        robot.doubleClickOn(filters).eraseText(filters.getText().length()).write("x").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(filters.getStyleClass()).contains(Assets.FIELD_INVALID);
        assertThat(network(robot).getItems().get(before).summary()).startsWith("48 filters");

        robot.clickOn("#editor-undo");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems().get(before).summary()).startsWith("32 filters");
        robot.clickOn("#network-list"); // Ctrl+Z inside a text field undoes typing, not the network edit
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems()).hasSize(before + 1);
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems()).hasSize(before + 2);
    }

    @Test
    void navigationSwitchesViewsAndShortcutsToo(FxRobot robot) {
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.TRAINING);
        assertThat(robot.lookup("#training-view").tryQuery()).isPresent();
        assertThat(robot.lookup("#network-list").tryQuery()).isEmpty();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT5).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.INSPECTOR);
        robot.clickOn("#nav-editor");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#network-list").tryQuery()).isPresent();
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectorFollowsTheEditorAndTogglesFusion(FxRobot robot) {
        robot.clickOn("#nav-inspector");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TableView<dev.bitflow.engine.api.ledger.LayerLedger> table =
                robot.lookup("#ledger-table").queryAs(javafx.scene.control.TableView.class);
        assertThat(table.getItems()).hasSize(context.editor().rows().size());
        assertThat(table.getItems().get(0).fusedInto()).isNull();
        robot.clickOn("#ledger-fused");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.inspector().fusedProperty().get()).isTrue();
        assertThat(table.getItems()).anySatisfy(r -> assertThat(r.fusedInto()).isNotNull());

        // An edit in the editor shows up in the inspector at once.
        robot.clickOn("#nav-editor");
        robot.clickOn("#palette-dropout");
        robot.clickOn("#nav-inspector");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).hasSize(context.editor().rows().size());
        assertThat(table.getItems()).anySatisfy(r -> assertThat(r.type()).isEqualTo(LayerType.DROPOUT));
    }

    @Test
    void draggingFromThePaletteDropsTheLayerWhereItIsReleased(FxRobot robot) {
        int before = network(robot).getItems().size();
        robot.drag("#palette-sign").dropTo(robot.lookup("#network-list .list-cell").nth(1).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(network(robot).getItems()).hasSize(before + 1);
        assertThat(network(robot).getItems().get(1).spec().type()).isEqualTo(LayerType.SIGN);
    }

    @Test
    void newDefinitionAsksBeforeLosingChangesAndCancelKeepsThem(FxRobot robot) {
        robot.clickOn("#palette-sign");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().isDirty()).isTrue();
        int layers = context.editor().rows().size();
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).hasSize(layers);
        assertThat(context.editor().isDirty()).isTrue();

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Don't save");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).isEmpty();
        assertThat(context.editor().isDirty()).isFalse();
    }

    @Test
    void themeToggleSwitchesToDarkAndIsRemembered(FxRobot robot) {
        assertThat(context.main().darkThemeProperty().get()).isFalse();
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().darkThemeProperty().get()).isTrue();
        assertThat(robot.lookup("#workbench").query().getStyleClass()).contains(Assets.DARK);
        assertThat(javafx.application.Application.getUserAgentStylesheet()).endsWith("primer-dark.css");
        assertThat(context.preferences().darkTheme()).isTrue();
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(javafx.application.Application.getUserAgentStylesheet()).endsWith("primer-light.css");
    }

    @Test
    void theSfViewSaysWhatToDoBeforeAnalyseInsteadOfEmptyAxes(FxRobot robot) {
        robot.clickOn("#nav-sf-bn");
        WaitForAsyncUtils.waitForFxEvents();
        var variants = robot.lookup("#sf-variants").queryAs(javafx.scene.control.TableView.class);
        assertThat(((javafx.scene.control.Label) variants.getPlaceholder()).getText()).startsWith("Press Analyse: ");
        assertThat(robot.lookup("#sf-histogram").query().isVisible()).as("no empty histogram axes").isFalse();
        assertThat(robot.lookup("#sf-histogram-hint").query().isVisible()).isTrue();
    }
}
