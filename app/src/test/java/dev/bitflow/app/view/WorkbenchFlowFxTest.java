package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.export.Rfc4180;
import dev.bitflow.app.report.ReportOptions;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.editor.NetworkProperties;
import dev.bitflow.app.viewmodel.training.RunFacts;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.runs.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The whole flow in the real window, as a user goes through it: build a network from the palette, train it twice on
 * a few hundred mini-set images (SF on, then SF off), close the window's context and open a new one over the same
 * settings and runs workspace (a restart), find both runs there with their settings, curves and models, compare
 * them, save the loss chart as SVG and the runs table as CSV from their context menus, and write the model report
 * of each run from File &gt; Model report. Every file is read back: the SVG as XML with both runs' curves and
 * names, the CSV against the runs, the reports for their run and figures.
 */
class WorkbenchFlowFxTest extends WorkbenchWindowTest {
    private static void waitFor(java.util.concurrent.Callable<Boolean> done) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.MINUTES, () -> WaitForAsyncUtils.asyncFx(done).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void buildTrainTwiceRestartCompareExportAndReport(FxRobot robot) throws Exception {
        // Build: a new, empty definition, layers from the palette, a name.
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).isEmpty();
        for (String kind : List.of("conv-float", "maxpool", "batchnorm", "sign", "conv-binary", "maxpool", "batchnorm",
                "sign", "flatten", "dense-float", "softmax")) {
            robot.clickOn("#palette-" + kind);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).hasSize(11);
        robot.interact(() -> context.editor().selectedIndexProperty().set(-1));
        TextField name = robot.lookup("#field-" + NetworkProperties.NAME).queryAs(TextField.class);
        robot.doubleClickOn(name).eraseText(name.getText().length()).write("tiny-bcnn").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().definition().name()).isEqualTo("tiny-bcnn");
        assertThat(context.editor().checkProperty().get().count(dev.bitflow.app.service.DefinitionCheck.Severity.ERROR))
                .isZero();

        // Train twice: SF on, then SF off; one epoch of four batches each.
        robot.clickOn("#nav-training");
        waitFor(() -> context.training().startProblemProperty().get().isEmpty());
        robot.interact(() -> {
            context.training().maxTrainExamplesProperty().set(200);
            context.training().batchSizeProperty().set(50);
        });
        robot.clickOn("#training-start");
        waitFor(() -> !context.training().runs().isEmpty() && !context.training().runningProperty().get());
        robot.clickOn("#training-sf");
        assertThat(context.training().scalingFactorProperty().get()).isFalse();
        robot.clickOn("#training-start");
        waitFor(() -> context.training().runs().size() == 2 && !context.training().runningProperty().get());
        assertThat(context.training().runs()).allSatisfy(r -> assertThat(r.record().status()).isEqualTo(RunStatus.FINISHED));
        Path workspace = context.runs().folder();
        waitFor(() -> context.training().runs().stream().allMatch(r -> r.record().hasModel()));
        try (Stream<Path> runs = Files.list(workspace)) {
            assertThat(runs.filter(d -> Files.isRegularFile(d.resolve("model.bfm"))
                    && Files.isRegularFile(d.resolve("run.json"))).count()).isEqualTo(2);
        }

        // Restart: a new context and window over the same settings and workspace.
        Path preferences = context.preferences().directory();
        robot.interact(() -> context.close());
        FxToolkit.setupStage(stage -> {
            context = new AppContext(preferences, new FxTaskExecutor());
            workbench = new Workbench(context, stage);
            stage.setScene(workbench.scene());
        });
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(() -> context.runs().loadedProperty().get());
        assertThat(context.runs().folder()).isEqualTo(workspace);
        List<TrainingRun> runs = List.copyOf(context.runs().runs());
        assertThat(runs).hasSize(2);
        assertThat(runs).extracting(TrainingRun::name).containsExactly("tiny-bcnn \u00b7 SF on \u00b7 1 ep",
                "tiny-bcnn \u00b7 SF off \u00b7 1 ep");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.statusText()).isEqualTo("finished");
            assertThat(r.record().definition().name()).isEqualTo("tiny-bcnn");
            assertThat(r.record().settings().trainingExamples()).isEqualTo(200);
            assertThat(r.batches()).isNotEmpty();
            assertThat(r.hasModel()).isTrue();
        });

        // Comparable: both rows selected, the comparison marks the SF row, the charts show both runs.
        robot.clickOn("#nav-training");
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        Node first = robot.lookup("#runs-table .table-row-cell").nth(0).query();
        Node second = robot.lookup("#runs-table .table-row-cell").nth(1).query();
        robot.clickOn(first);
        robot.press(KeyCode.CONTROL).clickOn(second, MouseButton.PRIMARY).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(2);
        assertThat(context.runs().charted()).hasSize(2);
        List<String> labels = List.of("#1 tiny-bcnn \u00b7 SF on \u00b7 1 ep", "#2 tiny-bcnn \u00b7 SF off \u00b7 1 ep");
        assertThat(robot.lookup("#training-legend").queryAs(javafx.scene.Parent.class).getChildrenUnmodifiable())
                .extracting(n -> ((Labeled) n).getText()).containsAll(labels);
        robot.clickOn("Compare");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> comparison = robot.lookup("#runs-comparison").queryAs(TableView.class);
        assertThat(comparison.getColumns()).hasSize(3);
        var rows = context.runs().compare(List.of(runs.get(0), runs.get(1))).rows();
        assertThat(rows).filteredOn(r -> r.attribute().equals("Scaling factor")).singleElement()
                .satisfies(r -> {
                    assertThat(r.values()).containsExactly("on", "off");
                    assertThat(r.differs()).isTrue();
                });
        assertThat(comparison.getItems()).hasSize(rows.size());

        // Export: the loss chart as SVG and the runs table as CSV, from their context menus.
        Path out = scratch.resolve("out");
        List<String> asked = new ArrayList<>();
        robot.interact(() -> workbench.exports().setChooser((file, format) -> {
            asked.add(file + "." + format.extension());
            return Optional.of(out.resolve(file)); // no extension: the export adds it
        }));
        contextMenu(robot, robot.lookup("#training-loss-chart").query());
        robot.clickOn("Save as SVG\u2026");
        Path svg = out.resolve("loss-chart.svg");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(svg));
        assertChartSvg(svg, labels, runs.size());

        robot.clickOn("Runs (2)");
        contextMenu(robot, table);
        robot.clickOn("Save as CSV\u2026");
        Path csv = out.resolve("training-runs.csv");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.exists(csv));
        List<List<String>> records = Rfc4180.parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        assertThat(header).startsWith("#", "Name", "Status", "Accuracy", "SF");
        assertThat(records).hasSize(runs.size() + 1);
        for (int i = 0; i < runs.size(); i++) {
            var r = runs.get(i).record();
            List<String> row = records.get(i + 1);
            assertThat(row.get(header.indexOf("#"))).isEqualTo("#" + (i + 1));
            assertThat(row.get(header.indexOf("Name"))).isEqualTo(r.name());
            assertThat(row.get(header.indexOf("Status"))).isEqualTo("finished");
            assertThat(row.get(header.indexOf("Accuracy"))).isEqualTo(RunFacts.accuracy(r)).isNotBlank();
            assertThat(row.get(header.indexOf("SF"))).isEqualTo(i == 0 ? "on" : "off");
            assertThat(row.get(header.indexOf("Examples"))).isEqualTo(RunFacts.examples(r));
        }
        assertThat(asked).containsExactly("loss-chart.svg", "training-runs.csv");

        // Either run's model opens in the analysis views, named in the model bar; each gets its model report.
        robot.interact(() -> context.report().setOptions(new ReportOptions(DataLocation.mini(), 40, 40)));
        for (int i = runs.size() - 1; i >= 0; i--) {
            TrainingRun run = runs.get(i);
            robot.clickOn("#nav-training");
            robot.clickOn(robot.lookup("#runs-table .table-row-cell").nth(i).queryAs(Node.class));
            robot.clickOn("#runs-analyse");
            waitFor(() -> context.session().model() != null && !context.session().loadingProperty().get()
                    && context.session().originProperty().get().run() == run);
            assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.BATCHSHIFT);
            assertThat(context.session().originProperty().get().kind()).isEqualTo(ModelSession.Kind.RUN);
            assertThat(context.session().model().definition().name()).isEqualTo("tiny-bcnn");

            Path folder = scratch.resolve("report-" + (i + 1));
            Path before = context.report().writtenProperty().get();
            robot.interact(() -> workbench.present().setFolderChooser(() -> Optional.of(folder)));
            robot.clickOn("File");
            robot.clickOn("Model report\u2026");
            waitFor(() -> context.report().writtenProperty().get() != before
                    && context.report().writtenProperty().get() != null);
            Path report = context.report().writtenProperty().get();
            assertThat(report).isEqualTo(folder.resolve("tiny-bcnn-report.html"));
            String html = Files.readString(report, StandardCharsets.UTF_8);
            assertThat(html).contains("<h1>Model report: tiny-bcnn</h1>", "run #" + run.number() + " " + run.name());
            assertThat(Pattern.compile("<figure>\\s*<svg").matcher(html).results().count())
                    .as("figures embedded as inline SVG").isGreaterThanOrEqualTo(2);
            assertThat(robot.lookup("#status-message").queryAs(Label.class).getText())
                    .isEqualTo("Wrote the model report " + report);
        }
    }

    /**
     * The exported chart as a stand-alone picture: XML with a size and view box, every clip path it refers to
     * defined, a legend naming each run, and each run's curves drawn in its colour.
     */
    private static void assertChartSvg(Path svg, List<String> runLabels, int runs) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        int width = Integer.parseInt(root.getAttribute("width"));
        int height = Integer.parseInt(root.getAttribute("height"));
        assertThat(width).isGreaterThan(100);
        assertThat(height).isGreaterThan(100);
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + width + " " + height);
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        String xml = Files.readString(svg, StandardCharsets.UTF_8);
        Matcher refs = Pattern.compile("url\\(#([^)]+)\\)").matcher(xml);
        while (refs.find()) {
            assertThat(ids).as("defined: " + refs.group(1)).contains(refs.group(1));
        }
        assertThat(root.getTextContent()).contains("Loss", "epoch", "cross-entropy", "training (batches)",
                "validation (per epoch)").contains(runLabels);
        // Each run's curves: paths of several segments stroked in the run's colour.
        for (int n = 1; n <= runs; n++) {
            java.awt.Color c = dev.bitflow.app.chart.LineCharts.runColor(n);
            String stroke = "stroke:rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
            int curves = 0;
            NodeList groups = doc.getElementsByTagNameNS("*", "g");
            for (int i = 0; i < groups.getLength(); i++) {
                Element g = (Element) groups.item(i);
                if (!g.getAttribute("style").contains(stroke)) {
                    continue;
                }
                NodeList paths = g.getElementsByTagNameNS("*", "path");
                for (int p = 0; p < paths.getLength(); p++) {
                    if (((Element) paths.item(p)).getAttribute("d").split("L").length >= 3) {
                        curves++;
                    }
                }
            }
            assertThat(curves).as("curves of run #" + n).isGreaterThanOrEqualTo(1);
        }
    }
}
