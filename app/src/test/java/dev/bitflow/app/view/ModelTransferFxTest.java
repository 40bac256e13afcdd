package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.npz.NpzFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File &gt; Export model and File &gt; Import weights driven as a user does: the menu or its key, the format dialog,
 * the file choosers (replaced by answers, as the platform's dialogs cannot be driven headless), the work in the
 * background, and the report dialog at the end.
 */
class ModelTransferFxTest extends WorkbenchWindowTest {

    /** Choosers that answer with fixed paths and record what they were asked. */
    private static final class Answers implements Dialogs.TransferFiles {
        final List<String> asked = new ArrayList<>();
        Path folder;
        Path weights;
        Path model;

        @Override
        public Optional<Path> exportFolder(Path start) {
            asked.add("folder");
            return Optional.ofNullable(folder);
        }

        @Override
        public Optional<Path> weightsToImport(Path start, ExportFormat format, String definition) {
            asked.add("weights " + format.id() + " for " + definition);
            return Optional.ofNullable(weights);
        }

        @Override
        public Optional<Path> modelToSave(Path start, String suggestedName) {
            asked.add("model " + suggestedName);
            return Optional.ofNullable(model);
        }
    }

    private Answers answers(FxRobot robot) {
        Answers a = new Answers();
        robot.interact(() -> workbench.dialogs().setTransferFiles(a));
        return a;
    }

    @Test
    void exportToCFromTheFileMenuWritesTheSourcesAndReportsThem(FxRobot robot) throws Exception {
        adoptRandomModel(robot, 31);
        Answers answers = answers(robot);
        answers.folder = scratch.resolve("c-export");

        robot.clickOn("File");
        robot.clickOn("Export model\u2026");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane choice = robot.lookup(".choice-dialog").queryAs(DialogPane.class);
        @SuppressWarnings("unchecked")
        ComboBox<String> formats = (ComboBox<String>) choice.lookup(".combo-box");
        String c = formats.getItems().stream().filter(l -> l.endsWith("(c)")).findFirst().orElseThrow();
        robot.clickOn(formats);
        robot.clickOn(c);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogText(choice)).contains("Exports the model 'fashion-bcnn' from m.bfm.");
        robot.clickOn("OK");

        DialogPane report = waitForDialog(robot, "Export finished");
        String text = ((TextArea) report.getContent()).getText();
        assertThat(text).startsWith("Exported 'fashion-bcnn' as c: 4 files in " + answers.folder).contains("fashion_bcnn.c");
        assertThat(answers.folder.resolve("fashion_bcnn.c")).isNotEmptyFile();
        assertThat(answers.folder.resolve("fashion_bcnn.h")).isNotEmptyFile();
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).startsWith("Exported 'fashion-bcnn'");
        robot.clickOn(report.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(answers.asked).containsExactly("folder");
        assertThat(context.transfer().busyProperty().get()).isFalse();
    }

    @Test
    void importingAnNpzWithCtrlIMakesItTheCurrentModel(FxRobot robot) throws Exception {
        TrainedModel source = context.engine().training().load(RandomModelFiles.write(scratch.resolve("source.bfm"),
                context.engine().definitions().sample("fashion-bcnn"), 41));
        Path npz = NpzFixtures.write(scratch.resolve("weights.npz"), NpzFixtures.entries(source.parameterValues()));
        Answers answers = answers(robot);
        answers.weights = npz;
        answers.model = scratch.resolve("imported.bfm");
        assertThat(context.session().model()).isNull();

        robot.clickOn("#nav-editor");
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);
        DialogPane report = waitForDialog(robot, "Import finished");
        assertThat(((TextArea) report.getContent()).getText()).startsWith("Imported " + source.parameterValues().size()
                + " parameters of 'fashion-bcnn' from weights.npz into imported.bfm; it is now the current model.");
        robot.clickOn(report.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(answers.asked).containsExactly("weights npz for fashion-bcnn", "model fashion-bcnn");
        TrainedModel current = context.session().model();
        assertThat(current).isNotNull();
        assertThat(context.session().sourceProperty().get()).isEqualTo("imported.bfm");
        for (int i = 0; i < source.parameterValues().size(); i++) {
            assertThat(current.parameterValues().get(i).values()).isEqualTo(source.parameterValues().get(i).values());
        }
        assertThat(current.provenance().origin()).contains("weights.npz");
        TrainedModel onDisk = context.engine().training().load(answers.model);
        assertThat(onDisk.parameterValues().get(0).values()).isEqualTo(source.parameterValues().get(0).values());
        assertThat(Files.size(npz)).isPositive();
    }

    private static String dialogText(DialogPane pane) {
        return pane.lookupAll(".label").stream().map(n -> ((Label) n).getText()).filter(t -> t != null)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    /** The dialog with header {@code header}, once it shows (the work runs in the background first). */
    private static DialogPane waitForDialog(FxRobot robot, String header) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane")
                .match(n -> header.equals(((DialogPane) n).getHeaderText())).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".dialog-pane").match(n -> header.equals(((DialogPane) n).getHeaderText()))
                .queryAs(DialogPane.class);
    }
}
