package dev.bitflow.app.view;

import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.engine.api.DisplayText;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * The pieces the model-based views (BatchShift, step-through) share: a line naming the session's trained
 * model with an "Open model..." button, and the empty state shown while no model is loaded (open a
 * {@code .bfm}, or train one), which turns into a loading indicator while a model is being read.
 */
public final class ModelBar {
    private final ModelSession session;
    private final MainViewModel main;
    private Supplier<Optional<Path>> chooser;

    public ModelBar(ModelSession session, MainViewModel main) {
        this.session = session;
        this.main = main;
    }

    /** Replaces the file chooser (tests). */
    public void setChooser(Supplier<Optional<Path>> chooser) {
        this.chooser = chooser;
    }

    /** "Model: name (source)  [Open model...]". */
    public HBox bar(String id) {
        Label name = new Label();
        name.setId(id + "-model");
        name.getStyleClass().add("text-muted");
        name.textProperty().bind(Bindings.createStringBinding(() -> session.model() == null
                        ? (session.loadingProperty().get() ? "Loading model\u2026" : "No trained model loaded")
                        : "Model: " + DisplayText.escape(session.model().definition().name()) + "  \u00b7  "
                                + DisplayText.escape(session.sourceProperty().get()),
                session.modelProperty(), session.sourceProperty(), session.loadingProperty()));
        Button open = openButton(id + "-open-model");
        open.getStyleClass().add("small");
        HBox box = new HBox(10, new FontIcon(MaterialDesignF.FILE_CHART_OUTLINE), name, Ui.hgrow(), open);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 18, 6, 18));
        box.setStyle("-fx-border-color: transparent transparent -color-border-muted transparent;");
        return box;
    }

    /** The empty state: what the view needs and the two ways to get it; a spinner while loading. */
    public Node emptyState(String id, org.kordamp.ikonli.Ikon icon, String whatItShows) {
        VBox empty = Ui.emptyState(icon, "Train a model or open a .bfm", whatItShows);
        Label text = (Label) empty.getChildren().get(2);
        text.textProperty().bind(Bindings.createStringBinding(() -> session.problemProperty().get().isEmpty()
                ? whatItShows : session.problemProperty().get() + "\n\n" + whatItShows, session.problemProperty()));
        Button open = openButton(id + "-empty-open");
        open.getStyleClass().add("accent");
        Button train = new Button("Train on the mini set\u2026", new FontIcon(MaterialDesignC.CHART_LINE));
        train.setId(id + "-empty-train");
        train.setTooltip(Ui.tooltip("Go to the Training view (Ctrl+2): a few epochs on the embedded mini set give a model "
                + "in about a minute; it appears here when the run ends."));
        train.setOnAction(e -> main.pageProperty().set(WorkbenchPage.TRAINING));
        HBox buttons = new HBox(10, open, train);
        buttons.setAlignment(Pos.CENTER);
        empty.getChildren().add(buttons);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        Label loading = new Label("Loading the trained model\u2026");
        VBox busy = new VBox(12, spinner, loading);
        busy.setAlignment(Pos.CENTER);
        busy.visibleProperty().bind(session.loadingProperty());
        empty.visibleProperty().bind(session.loadingProperty().not());
        StackPane pane = new StackPane(empty, busy);
        pane.setId(id + "-empty");
        return pane;
    }

    private Button openButton(String id) {
        Button open = new Button("Open model\u2026", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        open.setId(id);
        open.setTooltip(Ui.tooltip("Open a trained model (*.bfm) written by training or 'bitflow train'"));
        open.disableProperty().bind(session.loadingProperty());
        open.setOnAction(e -> choose(open.getScene() == null ? null : open.getScene().getWindow())
                .ifPresent(session::open));
        return open;
    }

    private Optional<Path> choose(Window owner) {
        if (chooser != null) {
            return chooser.get();
        }
        FileChooser c = new FileChooser();
        c.setTitle("Open trained model");
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Trained models (*.bfm)", "*.bfm"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = c.showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }
}
