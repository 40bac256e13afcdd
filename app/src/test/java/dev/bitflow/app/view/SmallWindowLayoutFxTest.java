package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At 1024x700 the names, badges and toolbar buttons keep their text (no "..."), the editor's network list gets its
 * width back when the window grows again, and the charts' legend has one entry per run.
 */
class SmallWindowLayoutFxTest extends WorkbenchWindowTest {
    private void resize(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            Window window = robot.lookup("#workbench").query().getScene().getWindow();
            window.setWidth(w);
            window.setHeight(h);
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(300, java.util.concurrent.TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Labels (with their shown text) under {@code root} whose text is cut short with an ellipsis. */
    private static List<String> truncated(Parent root, Set<String> styleClasses, boolean buttons) {
        List<String> out = new ArrayList<>();
        for (Node n : root.lookupAll("*")) {
            if (n instanceof Labeled l && shown(l) && l.getText() != null && !l.getText().isEmpty()
                    && (buttons ? l instanceof ButtonBase : l.getStyleClass().stream().anyMatch(styleClasses::contains))) {
                for (Node t : l.getChildrenUnmodifiable()) {
                    if (t instanceof Text text && t.getClass().getSimpleName().equals("LabeledText")
                            && !text.getText().equals(l.getText())) {
                        out.add(l.getText() + " shown as " + text.getText());
                    }
                }
            }
        }
        return out;
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesBadgesAndButtonsKeepTheirTextAt1024x700AndTheEditorRecovers(FxRobot robot) {
        resize(robot, 1280, 800); // the headless screen is 1280x800
        ListView<?> list = robot.lookup("#network-list").queryAs(ListView.class);
        double wide = list.getWidth();
        robot.interact(() -> context.editor().selectedIndexProperty().set(4)); // conv2: name, type, badge, shapes
        WaitForAsyncUtils.waitForFxEvents();
        for (Node shape : list.lookupAll(".bf-layer-shape")) {
            Node cell = shape;
            while (cell != null && !(cell instanceof javafx.scene.control.ListCell<?>)) {
                cell = cell.getParent();
            }
            if (shown(shape) && cell != null) {
                assertThat(shape.localToScene(shape.getLayoutBounds()).getMaxX()).as("shapes inside their row: "
                        + ((Labeled) shape).getText()).isLessThanOrEqualTo(cell.localToScene(cell.getLayoutBounds()).getMaxX());
            }
        }
        resize(robot, 1024, 700);
        Parent editor = robot.lookup("#editor-view").queryAs(Parent.class);
        assertThat(truncated(editor, Set.of("bf-layer-name", "bf-badge", "bf-layer-type", "bf-layer-shape"), false))
                .as("layer names, types, badges and shapes in the network list").isEmpty();
        assertThat(list.getWidth()).as("the network list keeps a usable width").isGreaterThanOrEqualTo(260);
        robot.interact(() -> context.editor().selectedIndexProperty().set(2));
        WaitForAsyncUtils.waitForFxEvents();
        for (Node n : list.lookupAll(".bf-layer-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> cell && shown(cell) && cell.getGraphic() != null) {
                Node box = cell.getGraphic();
                assertThat(box.getLayoutY() + box.prefHeight(box.getLayoutBounds().getWidth()))
                        .as("row " + cell.getIndex() + " holds its lines (no overlap with the next row)")
                        .isLessThanOrEqualTo(cell.getHeight() + 1);
            }
        }
        assertThat(truncated(editor, Set.of(), true)).as("palette entries and the graph's check box").isEmpty();
        assertThat(truncated(editor, Set.of("bf-panel-title"), false)).as("panel titles").isEmpty();
        Node fused = robot.lookup("#network-graph-fused").query();
        Node graphPane = robot.lookup("#network-graph").query().getParent();
        while (!(graphPane.getParent() instanceof javafx.scene.control.SplitPane) && graphPane.getParent() != null) {
            graphPane = graphPane.getParent();
        }
        assertThat(fused.localToScene(fused.getLayoutBounds()).getMaxX()).as("the Fused box is not cut off")
                .isLessThanOrEqualTo(graphPane.localToScene(graphPane.getLayoutBounds()).getMaxX());
        assertGraphReadable(robot);
        // Removing conv2 leaves bn2 and sign2 outside a fusable block: their long warnings wrap, not "...".
        robot.interact(() -> {
            context.editor().selectedIndexProperty().set(4);
            context.editor().removeSelected();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows().get(5).issues()).as("bn2 has a warning").isNotEmpty();
        assertThat(truncated(editor, Set.of("bf-issue"), false)).as("layer warnings").isEmpty();
        robot.interact(() -> context.editor().undo());
        robot.interact(() -> context.editor().selectedIndexProperty().set(2)); // bn1: "Learn gamma/beta"
        WaitForAsyncUtils.waitForFxEvents();
        Parent sheet = robot.lookup("#property-sheet").queryAs(Parent.class);
        List<String> labels = truncated(sheet, Set.of("label"), false);
        assertThat(labels).as("property labels").isEmpty();

        for (String page : List.of("#nav-training", "#nav-sf-bn", "#nav-batchshift", "#nav-inspector",
                "#nav-step-through")) {
            robot.clickOn(page);
            WaitForAsyncUtils.waitForFxEvents();
            Parent view = (Parent) robot.lookup("#workbench").queryAs(javafx.scene.layout.BorderPane.class).getCenter();
            assertThat(truncated(view, Set.of(), true)).as("buttons of " + page).isEmpty();
            if (page.equals("#nav-sf-bn")) {
                Parent variants = robot.lookup("#sf-variants").queryAs(Parent.class);
                assertThat(truncated(variants, Set.of("label"), false)).as("SF variants column headers").isEmpty();
            }
            // Nothing spills over the header: the view's content starts below it.
            assertThat(view.getLayoutBounds().getHeight()).isLessThanOrEqualTo(700);
        }
        assertThat(robot.lookup("#status-message").query().localToScene(0, 0).getY())
                .as("the status bar stays in the window").isLessThan(700);

        robot.clickOn("#nav-editor");
        resize(robot, 1280, 800); // the headless screen is 1280x800
        assertThat(list.getWidth()).as("the network list gets its width back").isGreaterThan(wide - 20);
        assertGraphReadable(robot);
    }

    /** The graph is shown at its full drawing width (no narrow strip scrolled sideways). */
    private static void assertGraphReadable(FxRobot robot) {
        Node canvas = robot.lookup("#network-graph").query();
        javafx.scene.control.ScrollPane scroll = null;
        for (Node p = canvas.getParent(); p != null && scroll == null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.ScrollPane s) {
                scroll = s;
            }
        }
        assertThat(scroll).isNotNull();
        assertThat(scroll.getViewportBounds().getWidth()).as("the graph's visible width")
                .isGreaterThanOrEqualTo(canvas.minWidth(-1));
    }

    /** Shown controls under {@code root} whose right edge lies beyond the window's width (cut off, not reachable). */
    private static List<String> beyondTheWindow(Parent root) {
        double width = root.getScene().getWidth();
        List<String> out = new ArrayList<>();
        for (Node n : root.lookupAll("*")) {
            if ((n instanceof javafx.scene.control.Control || n instanceof Labeled) && shown(n)) {
                var b = n.localToScene(n.getLayoutBounds());
                if (b.getWidth() > 0 && b.getMaxX() > width + 0.5 && !insideScrolledContent(n)) {
                    out.add((n.getId() != null ? "#" + n.getId() : n.getClass().getSimpleName())
                            + (n instanceof Labeled l ? " '" + l.getText() + "'" : "") + " ends at " + Math.round(b.getMaxX()));
                }
            }
        }
        return out;
    }

    /** Inside a scroll pane's or a table's scrolled content: it may extend beyond, the user scrolls to it. */
    private static boolean insideScrolledContent(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.ScrollPane || p instanceof javafx.scene.control.TableView<?>
                    || p instanceof javafx.scene.control.ListView<?>) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theTrainingViewAndItsRunsToolbarFitTheWindowAt1024x700And1280x800(FxRobot robot) {
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitForFxEvents();
        for (double[] size : new double[][] {{1280, 800}, {1024, 700}}) {
            resize(robot, size[0], size[1]);
            Parent view = robot.lookup("#training-view").queryAs(Parent.class);
            assertThat(beyondTheWindow(view)).as("controls cut off at the right at " + size[0] + "x" + size[1]).isEmpty();
            assertThat(robot.lookup("#runs-show-hidden").query().localToScene(0, 0).getX())
                    .as("Show hidden is in the window").isLessThan(size[0] - 20);
        }
    }

    @Test
    void theStepThroughsOwnBitGridsAreInViewAt1024x700(FxRobot robot) throws Exception {
        adoptRandomModel(robot, 6);
        resize(robot, 1024, 700);
        robot.clickOn("#nav-step-through");
        Node grid = robot.lookup("#step-input-bits").query();
        WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !context.stepThrough().busyProperty().get() && grid.getLayoutBounds().getHeight() > 50).get());
        WaitForAsyncUtils.waitForFxEvents();
        Node scroll = grid.getParent();
        while (!(scroll instanceof javafx.scene.control.ScrollPane)) {
            scroll = scroll.getParent();
        }
        double viewBottom = scroll.localToScene(scroll.getLayoutBounds()).getMaxY();
        assertThat(grid.localToScene(0, 0).getY()).as("the grids start well inside the view, unscrolled")
                .isLessThan(viewBottom - 150);
        resize(robot, 1280, 800);
        assertThat(robot.lookup("#step-field").query().localToScene(0, 0).getY())
                .as("in a taller window the receptive field leads the card again").isLessThan(grid.localToScene(0, 0).getY());
    }

    @Test
    void theChartLegendHasOneEntryPerRunAndExplainsTheLineStylesOnce(FxRobot robot) {
        robot.interact(() -> {
            var runs = context.runs();
            var def = context.editor().definition();
            var settings = new dev.bitflow.engine.api.runs.RunSettings("mini", dev.bitflow.engine.api.data.DataLocation.mini(),
                    true, 100, 90);
            for (String name : List.of("SF on", "SF off")) {
                var run = dev.bitflow.app.viewmodel.training.RunsTestAccess.begin(runs, name, def, settings);
                run.batches().add(new dev.bitflow.engine.api.runs.RunCurves.BatchPoint(0.5, 2.0, 0.2));
                run.epochs().add(new dev.bitflow.engine.api.runs.RunCurves.EpochPoint(1, 1.9, 0.3, 1.8, 0.35));
            }
        });
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitForFxEvents();
        Parent legend = robot.lookup("#training-legend").queryAs(Parent.class);
        List<String> entries = legend.getChildrenUnmodifiable().stream().map(n -> ((Labeled) n).getText()).toList();
        assertThat(entries).containsExactly("training (batches)", "validation (per epoch)", "#1 SF on", "#2 SF off");
        var chart = robot.lookup("#training-loss-chart").queryAs(org.jfree.chart.fx.ChartViewer.class).getChart();
        assertThat(chart.getLegend()).as("no legend inside the plot").isNull();
        assertThat(chart.getXYPlot().getDataset().getSeriesCount()).isEqualTo(4);
        // Each run's entry shows its marker, the one its validation points have in the charts.
        var marker1 = (javafx.scene.shape.SVGPath) ((Parent) robot.lookup("#legend-marker-1").query())
                .getChildrenUnmodifiable().get(1);
        var marker2 = (javafx.scene.shape.SVGPath) ((Parent) robot.lookup("#legend-marker-2").query())
                .getChildrenUnmodifiable().get(1);
        assertThat(marker1.getContent()).isNotBlank().isNotEqualTo(marker2.getContent());
        var renderer = chart.getXYPlot().getRenderer();
        var data = (org.jfree.data.xy.XYSeriesCollection) chart.getXYPlot().getDataset();
        assertThat(org.jfree.chart.util.ShapeUtils.equal(renderer.getSeriesShape(data.getSeriesIndex("#1 validation")),
                dev.bitflow.app.chart.LineCharts.runShape(1))).isTrue();
    }
}
