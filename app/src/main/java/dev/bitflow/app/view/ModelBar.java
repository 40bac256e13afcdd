package dev.bitflow.app.view;

import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.engine.api.DisplayText;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import dev.bitflow.assets.Assets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.Priority;
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

    /**
     * "Model: [the model's origin v]  definition, trained how  [Open file...]": which model the view shows, a list to
     * pick any run's model, the bundled sample or a file opened before, and a button to open another file.
     * Switching asks first when a result of the current model (a fusion) is not saved.
     */
    public HBox bar(String id) {
        Label title = new Label("Model");
        title.getStyleClass().add(Assets.PANEL_TITLE);
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ComboBox<ModelSession.Origin> pick = new ComboBox<>(session.choices());
        pick.setId(id + "-model-choice");
        pick.setPromptText("No trained model loaded");
        pick.setPrefWidth(420);
        pick.setMinWidth(240);
        pick.setMaxWidth(560);
        pick.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ModelSession.Origin item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label());
            }
        });
        pick.setButtonCell(pick.getCellFactory().call(null));
        pick.setTooltip(Ui.tooltip("The trained model this view analyses: the bundled sample, the model of any "
                + "training run, or a file opened before. Switching asks first if a result would be lost."));
        boolean[] syncing = {false};
        Runnable show = () -> {
            syncing[0] = true;
            pick.setValue(session.originProperty().get());
            syncing[0] = false;
        };
        session.originProperty().addListener((o, a, b) -> show.run());
        session.choices().addListener((javafx.collections.ListChangeListener<ModelSession.Origin>) c -> show.run());
        show.run();
        // The chosen model's name stays whole; the description beside it gives way first.
        pick.valueProperty().addListener((o, a, v) -> pick.setMinWidth(v == null ? 240
                : Math.max(240, Math.min(440, 56 + 7.2 * v.label().length()))));
        pick.valueProperty().addListener((o, a, chosen) -> {
            if (!syncing[0] && chosen != null && !chosen.equals(session.originProperty().get())) {
                // After the pick has closed: the confirmation is a dialog.
                javafx.application.Platform.runLater(() -> {
                    session.choose(chosen);
                    show.run();
                });
            }
        });
        pick.disableProperty().bind(session.loadingProperty());
        Label name = new Label();
        name.setId(id + "-model");
        name.getStyleClass().add("text-muted");
        name.setMinWidth(0);
        // In a narrow window the description wraps onto a second line beside the list (the bar keeps its height),
        // and only then is its end (the data set's classes) cut; the tooltip has all of it.
        name.setWrapText(true);
        name.setMaxHeight(Double.MAX_VALUE);
        name.setStyle("-fx-font-size: 0.92em;");
        name.textProperty().bind(Bindings.createStringBinding(() -> session.model() == null
                        ? (session.loadingProperty().get() ? "Loading model\u2026" : "")
                        : describe(session.model()), session.modelProperty(), session.loadingProperty()));
        name.tooltipProperty().bind(Bindings.createObjectBinding(() -> Ui.tooltip(name.getText()), name.textProperty()));
        Button open = openButton(id + "-open-model");
        open.getStyleClass().add("small");
        open.setText("Open file\u2026");
        open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox box = new HBox(10, new FontIcon(MaterialDesignF.FILE_CHART_OUTLINE), title, pick, name, Ui.hgrow(), open);
        HBox.setHgrow(name, Priority.ALWAYS);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 18, 6, 18));
        box.setStyle("-fx-border-color: transparent transparent -color-border-muted transparent;");
        return box;
    }

    /**
     * "fashion-bcnn: 17 layers, 4 binary \u00b7 input 1x28x28 \u00b7 data fashion-mnist": the definition first, what
     * matters least (a class subset) last, where a narrow bar cuts it.
     */
    private static String describe(dev.bitflow.engine.api.training.TrainedModel m) {
        var d = m.definition();
        return DisplayText.escape(d.name()) + ": " + d.layers().size() + " layers, "
                + dev.bitflow.app.viewmodel.editor.LayerKind.binaryLayers(d) + " binary \u00b7 input " + d.input()
                + (d.dataset() == null ? "" : " \u00b7 data " + d.dataset().id()
                + (d.dataset().classes().isEmpty() ? "" : ", classes " + d.dataset().classes()));
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
        return NativeFileDialogs.open(c, owner);
    }
}
