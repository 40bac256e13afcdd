package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.export.Rfc4180;
import dev.bitflow.app.view.inspector.BitFlowDiagram;
import dev.bitflow.app.viewmodel.help.HelpContent;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.ledger.LayerLedger;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Taking work out of the window as a user does: the ledger saved as CSV from its context menu (file parsed), a
 * diagram as PNG at 2x from File &gt; Export, zoom keys, F1 opening the current view's help with a shortcut sheet
 * that lists every menu key (Esc closes it), and the comparison and per-class tables and the confusion matrix
 * exported from their context menus. A chart as SVG, the runs table as CSV and the model report are part of the
 * whole flow on real runs ({@link WorkbenchFlowFxTest}).
 */
class ExportReportHelpFxTest extends WorkbenchWindowTest {
    @Test
    void tableAsCsvFromItsContextMenuAndADiagramAsPngFromTheFileMenu(FxRobot robot) throws Exception {
        List<Path> asked = new ArrayList<>();
        robot.interact(() -> workbench.exports().setChooser((name, format) -> {
            Path p = scratch.resolve("out").resolve(name); // no extension: the export adds it
            asked.add(p);
            return Optional.of(p);
        }));
        robot.clickOn("#nav-inspector");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<LayerLedger> ledger = robot.lookup("#ledger-table").queryAs(TableView.class);
        contextMenu(robot, ledger);
        robot.clickOn("Save as CSV\u2026");
        Path csv = scratch.resolve("out").resolve("ledger.csv");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(csv));
        List<List<String>> records = Rfc4180.parse(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(records.get(0)).startsWith("#", "Layer", "Type").hasSize(ledger.getVisibleLeafColumns().size());
        assertThat(records).hasSize(ledger.getItems().size() + 1);
        for (int i = 0; i < ledger.getItems().size(); i++) {
            LayerLedger l = ledger.getItems().get(i);
            assertThat(records.get(i + 1).get(1)).isEqualTo(l.name());
            assertThat(records.get(i + 1).get(8)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", l.params()));
        }

        // File > Export lists the view's figures and tables; the bit-flow lanes at 2x are drawn twice as large.
        Menu export = new Menu("Export");
        robot.interact(() -> workbench.exports().fillMenu(export, workbench.scene().getRoot()));
        assertThat(export.getItems()).extracting(MenuItem::getText).contains("Bit-flow lanes", "Ledger");
        MenuItem png2 = ((Menu) export.getItems().stream().filter(i -> i.getText().equals("Bit-flow lanes")).findFirst()
                .orElseThrow()).getItems().stream().filter(i -> i.getText().contains("PNG (2\u00d7)")).findFirst().orElseThrow();
        robot.interact(png2::fire);
        Path png = scratch.resolve("out").resolve("bit-flow-lanes.png");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(png));
        BitFlowDiagram lanes = findLanes(robot);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(lanes.getWidth() * 2));
        assertThat(asked).extracting(p -> p.getFileName().toString())
                .containsExactly("ledger", "bit-flow-lanes");
    }

    @Test
    void comparisonAndAccuracyTablesAndTheConfusionMatrixExportFromTheirContextMenus(FxRobot robot) throws Exception {
        robot.interact(() -> workbench.exports().setChooser((name, format) ->
                Optional.of(scratch.resolve("out").resolve(name))));
        robot.interact(() -> {
            var settings = new dev.bitflow.engine.api.runs.RunSettings("mini", DataLocation.mini(), true, 100, 90);
            for (String name : List.of("SF on", "SF off")) {
                dev.bitflow.app.viewmodel.training.RunsTestAccess.begin(context.runs(), name,
                        context.editor().definition(), settings);
            }
        });
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> runs = robot.lookup("#runs-table").queryAs(TableView.class);
        robot.interact(() -> runs.getSelectionModel().selectAll());
        contextMenu(robot, runs);
        // The run actions stay first; the export entries follow them.
        assertThat(runs.getContextMenu().getItems()).extracting(MenuItem::getText)
                .startsWith("Rename\u2026").contains("Copy as Markdown", "Save as CSV\u2026");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

        robot.clickOn("#runs-compare-tab");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> compare = robot.lookup("#runs-comparison").queryAs(TableView.class);
        contextMenu(robot, compare);
        robot.clickOn("Save as CSV\u2026");
        List<List<String>> compared = csv(scratch.resolve("out").resolve("run-comparison.csv"));
        assertThat(compared.get(0)).containsExactly("Setting", "#1 SF on", "#2 SF off");
        assertThat(compared).hasSize(compare.getItems().size() + 1)
                .anySatisfy(r -> assertThat(r).containsExactly("Data", "mini", "mini"));

        adoptRandomModel(robot, 4);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT7).release(KeyCode.CONTROL);
        robot.interact(() -> context.accuracy().evaluate());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> context.accuracy().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> classes = robot.lookup("#accuracy-classes").queryAs(TableView.class);
        contextMenu(robot, classes);
        robot.clickOn("Save as CSV\u2026");
        List<List<String>> perClass = csv(scratch.resolve("out").resolve("per-class-accuracy.csv"));
        assertThat(perClass.get(0)).containsExactly("Class", "Accuracy", "Mistaken for");
        assertThat(perClass).hasSize(11);
        assertThat(perClass.get(1).get(0)).isEqualTo("T-shirt/top");

        var matrix = robot.lookup("#accuracy-matrix").queryAs(dev.bitflow.app.view.accuracy.ConfusionMatrixCanvas.class);
        contextMenu(robot, matrix);
        robot.clickOn("Save as PNG (2\u00d7)\u2026");
        Path png = scratch.resolve("out").resolve("confusion-matrix.png");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(png));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(matrix.getWidth() * 2));
        // Its counts too, as a table.
        contextMenu(robot, matrix);
        robot.clickOn("Save as CSV\u2026");
        List<List<String>> counts = csv(scratch.resolve("out").resolve("confusion-matrix.csv"));
        assertThat(counts.get(0)).startsWith("true \\ predicted", "T-shirt/top").endsWith("total").hasSize(12);
        assertThat(counts).hasSize(11);
        int correct = 0;
        for (int i = 1; i <= 10; i++) {
            correct += Integer.parseInt(counts.get(i).get(i));
        }
        var result = context.accuracy().resultProperty().get();
        assertThat(correct).isEqualTo((int) Math.round(result.accuracy() * result.examples()));
    }

    private static List<List<String>> csv(Path file) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(file));
        return Rfc4180.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static BitFlowDiagram findLanes(FxRobot robot) {
        return robot.lookup(n -> n instanceof BitFlowDiagram).queryAs(BitFlowDiagram.class);
    }

    @Test
    void zoomKeysScaleTextAndCanvasesAndF1OpensTheViewsHelp(FxRobot robot) {
        robot.clickOn("#nav-inspector");
        WaitForAsyncUtils.waitForFxEvents();
        BitFlowDiagram lanes = findLanes(robot);
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.presentation().scaleProperty().get()).isEqualTo(1.1);
        assertThat(workbench.scene().getRoot().getStyle()).contains("-fx-font-size: 14.3px");
        assertThat(lanes.zoomProperty().get()).isEqualTo(1.1);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.presentation().scaleProperty().get()).isEqualTo(1.1 * 1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(workbench.scene().getRoot().getStyleClass()).contains(dev.bitflow.assets.Assets.PRESENTER);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lanes.zoomProperty().get()).isEqualTo(1.0);

        robot.clickOn("#nav-step-through");
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        var help = workbench.present().helpWindow();
        assertThat(help.stage().isShowing()).isTrue();
        @SuppressWarnings("unchecked")
        ListView<HelpContent.Topic> topics = (ListView<HelpContent.Topic>) help.stage().getScene().lookup("#help-topics");
        assertThat(topics.getSelectionModel().getSelectedItem().title()).isEqualTo("Step-through");
        robot.interact(() -> help.show(HelpContent.SHORTCUTS));
        GridPane sheet = (GridPane) help.stage().getScene().lookup("#help-shortcuts");
        List<String> keys = sheet.getChildren().stream().filter(n -> GridPane.getColumnIndex(n) == 0)
                .map(n -> ((Label) n).getText()).toList();
        // Every key a menu item answers to is on the sheet (in the sheet's spelling).
        List<String> missing = new ArrayList<>();
        for (Menu m : ((javafx.scene.control.MenuBar) workbench.scene().lookup("#menu-bar")).getMenus()) {
            collectKeys(m, keys, missing);
        }
        assertThat(missing).isEmpty();
        // Esc in the help window closes it (a window manager's close button is not the only way out).
        robot.clickOn(help.stage().getScene().lookup("#help-page")); // the help window has the keyboard
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(help.stage().isShowing()).isFalse();
    }

    private static void collectKeys(Menu menu, List<String> sheet, List<String> missing) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) {
                collectKeys(sub, sheet, missing);
            } else if (i.getAccelerator() != null) {
                String text = sheetName(i.getAccelerator());
                if (text.matches("Ctrl\\+[1-7]")) {
                    text = "Ctrl+1 \u2026 Ctrl+7";
                }
                String key = text;
                if (sheet.stream().noneMatch(k -> k.equals(key) || k.startsWith(key + " /") || k.endsWith("/ " + key))) {
                    missing.add(key + " (" + i.getText() + ")");
                }
            }
        }
    }

    /** An accelerator as the sheet writes it: Ctrl+Shift+S, F1, Delete, Ctrl+Plus. */
    private static String sheetName(KeyCombination k) {
        var c = (javafx.scene.input.KeyCodeCombination) k;
        StringBuilder b = new StringBuilder();
        if (c.getShortcut() == KeyCombination.ModifierValue.DOWN || c.getControl() == KeyCombination.ModifierValue.DOWN) {
            b.append("Ctrl+");
        }
        if (c.getShift() == KeyCombination.ModifierValue.DOWN) {
            b.append("Shift+");
        }
        String key = switch (c.getCode()) {
            case PLUS -> "Plus";
            case MINUS -> "Minus";
            case DELETE -> "Delete";
            case ENTER -> "Enter";
            default -> c.getCode().getName().replace("Digit ", "").replace(" ", "");
        };
        return b + key;
    }
}
