package dev.bitflow.app.view.training;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.training.RunComparison;
import dev.bitflow.app.viewmodel.training.RunFacts;
import dev.bitflow.app.viewmodel.training.RunsViewModel;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.runs.RunProblem;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The runs table (one row per kept run: name, data, epochs, learning rate, SF, seed, examples, accuracy, duration,
 * status) with its actions: select (the charts follow the selection), rename (double-click the name), hide, delete
 * (asks first), show hidden runs, open a run's model in the analysis views, and the comparison of the selected
 * runs.
 */
final class RunsTable {
    private final RunsViewModel runs;
    private final TableView<TrainingRun> table = new TableView<>();
    private final TableView<RunComparison.Row> comparison = new TableView<>();
    private final VBox root;

    /**
     * @param analyse opens a run's model in the analysis views
     * @param tools   more controls for the toolbar (the charts' smoothing)
     */
    RunsTable(RunsViewModel runs, Consumer<TrainingRun> analyse, Node tools) {
        this.runs = runs;
        table.setId("runs-table");
        table.setItems(runs.rows());
        table.setEditable(true);
        table.getStyleClass().add("dense");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TrainingRun>) c ->
                runs.selection().setAll(List.copyOf(table.getSelectionModel().getSelectedItems())));
        table.setPlaceholder(placeholder("No runs yet. Press Start: every run is kept here with its settings, curves, "
                + "final metrics and model, also after a restart."));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

        TableColumn<TrainingRun, String> number = column("#", 58, r -> "#" + r.number());
        number.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                TrainingRun run = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : item);
                if (run == null) {
                    setGraphic(null);
                } else {
                    java.awt.Color col = LineCharts.runColor(run.number());
                    Rectangle swatch = new Rectangle(8, 12, javafx.scene.paint.Color.rgb(col.getRed(), col.getGreen(), col.getBlue()));
                    setGraphic(swatch);
                }
            }
        });
        TableColumn<TrainingRun, String> name = new TableColumn<>("Name");
        name.setId("runs-name");
        name.setPrefWidth(230);
        name.setCellValueFactory(d -> Bindings.createStringBinding(() -> d.getValue().name(), d.getValue().recordProperty()));
        name.setCellFactory(TextFieldTableCell.forTableColumn());
        name.setEditable(true);
        name.setOnEditCommit(e -> {
            String problem = runs.rename(e.getRowValue(), e.getNewValue());
            if (problem != null) {
                table.refresh();
                error(problem);
            }
        });
        TableColumn<TrainingRun, String> status = column("Status", 120, TrainingRun::statusText);
        status.setId("runs-status");
        status.setCellValueFactory(d -> Bindings.createStringBinding(() -> statusText(d.getValue()),
                d.getValue().outcomeProperty(), d.getValue().saveProblemProperty()));
        // What a comparison needs first (name, status, accuracy, SF) comes first; the long data label last.
        table.getColumns().add(number);
        table.getColumns().add(name);
        table.getColumns().add(status);
        table.getColumns().add(column("Accuracy", 90, r -> RunFacts.accuracy(r.record())));
        table.getColumns().add(column("SF", 48, r -> RunFacts.scalingFactor(r.record())));
        table.getColumns().add(column("Epochs", 72, r -> RunFacts.epochs(r.record())));
        table.getColumns().add(column("LR", 70, r -> RunFacts.learningRate(r.record())));
        table.getColumns().add(column("Seed", 60, r -> RunFacts.seed(r.record())));
        table.getColumns().add(column("Examples", 92, r -> RunFacts.examples(r.record())));
        table.getColumns().add(column("Duration", 90, r -> RunFacts.duration(r.record())));
        table.getColumns().add(column("Data", 320, r -> RunFacts.data(r.record())));
        table.setRowFactory(t -> {
            TableRow<TrainingRun> row = new TableRow<>();
            row.itemProperty().addListener((o, a, r) -> row.pseudoClassStateChanged(
                    javafx.css.PseudoClass.getPseudoClass("hidden-run"), r != null && r.record().hidden()));
            return row;
        });

        Button rename = action("runs-rename", "Rename\u2026", MaterialDesignP.PENCIL_OUTLINE, "Rename the selected run "
                + "(or double-click its name)", () -> renameSelected());
        Button hide = action("runs-hide", "Hide", MaterialDesignE.EYE_OFF_OUTLINE, "Hide the selected runs from the "
                + "table and the charts (Show hidden brings them back)", this::toggleHiddenSelected);
        hide.textProperty().bind(Bindings.createStringBinding(() -> !runs.selection().isEmpty()
                && runs.selection().stream().allMatch(r -> r.record().hidden()) ? "Unhide" : "Hide", runs.selection()));
        Button delete = action("runs-delete", "Delete\u2026", MaterialDesignT.TRASH_CAN_OUTLINE, "Delete the selected runs "
                + "and their folders, models included (asks first)", this::deleteSelected);
        Button use = action("runs-analyse", "Analyse model", MaterialDesignF.FILE_CHART_OUTLINE, "Open the selected "
                + "run's trained model in the analysis views (SF & BatchNorm, BatchShift, Bit-flow, Step-through, "
                + "Accuracy)", () -> analyse.accept(table.getSelectionModel().getSelectedItem()));
        var none = Bindings.isEmpty(runs.selection());
        rename.disableProperty().bind(Bindings.size(runs.selection()).isNotEqualTo(1));
        hide.disableProperty().bind(none);
        delete.disableProperty().bind(none);
        use.disableProperty().bind(Bindings.createBooleanBinding(() -> runs.selection().size() != 1
                || !runs.selection().get(0).hasModel(), runs.selection(), runs.runs()));
        CheckBox showHidden = new CheckBox("Show hidden");
        showHidden.setId("runs-show-hidden");
        showHidden.selectedProperty().bindBidirectional(runs.showHiddenProperty());
        showHidden.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox runActions = new HBox(6, rename, hide, delete, use);
        runActions.setAlignment(Pos.CENTER_LEFT);
        HBox viewOptions = new HBox(12, tools, showHidden);
        viewOptions.setAlignment(Pos.CENTER_LEFT);
        // Two groups that wrap onto a second row in a narrow window, instead of pushing the view wider than it.
        FlowPane bar = new FlowPane(18, 6, runActions, viewOptions);
        bar.setId("runs-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinWidth(0);

        Label problems = new Label();
        problems.setId("runs-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add(Assets.ISSUE_WARNING);
        problems.setGraphic(new FontIcon(MaterialDesignA.ALERT_OUTLINE));
        Runnable showProblems = () -> {
            String ws = runs.workspaceProblemProperty().get();
            List<RunProblem> ps = runs.problems();
            String text = !ws.isEmpty() ? ws : ps.isEmpty() ? "" : ps.size() + " run folder" + (ps.size() == 1 ? "" : "s")
                    + " in " + runs.folder() + " could not be read: " + ps.get(0).message() + (ps.size() > 1 ? " (\u2026)" : "");
            problems.setText(text);
            problems.setTooltip(ps.isEmpty() ? null : Ui.tooltip(ps.stream().map(RunProblem::message)
                    .collect(Collectors.joining("\n"))));
        };
        runs.problems().addListener((ListChangeListener<RunProblem>) c -> showProblems.run());
        runs.workspaceProblemProperty().addListener((o, a, b) -> showProblems.run());
        showProblems.run();
        problems.visibleProperty().bind(problems.textProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());

        Exports.table(table, "Training runs", runActions(analyse));
        root = new VBox(6, bar, problems, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.setPadding(new Insets(8, 0, 0, 0));

        comparison.setId("runs-comparison");
        Exports.table(comparison, "Run comparison");
        comparison.getStyleClass().add("dense");
        comparison.setPlaceholder(placeholder("Select two or more runs in the Runs tab (Ctrl+click) to see their "
                + "settings and results side by side; rows where they differ are marked."));
        comparison.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunComparison.Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("differs"), !empty && item != null
                        && item.differs());
            }
        });
        runs.selection().addListener((ListChangeListener<TrainingRun>) c -> updateComparison());
        runs.runs().addListener((ListChangeListener<TrainingRun>) c -> updateComparison());
    }

    Node root() {
        return root;
    }

    Node comparison() {
        return comparison;
    }

    TableView<TrainingRun> table() {
        return table;
    }

    private void updateComparison() {
        List<TrainingRun> chosen = List.copyOf(runs.selection());
        comparison.getColumns().clear();
        if (chosen.size() < 2) {
            comparison.getItems().clear();
            return;
        }
        RunComparison c = runs.compare(chosen);
        TableColumn<RunComparison.Row, String> attr = new TableColumn<>("Setting");
        attr.setCellValueFactory(d -> new SimpleStringProperty((d.getValue().differs() ? "\u2260 " : "") + d.getValue().attribute()));
        attr.setPrefWidth(210);
        attr.setSortable(false);
        comparison.getColumns().add(attr);
        for (int i = 0; i < c.runs().size(); i++) {
            int k = i;
            TableColumn<RunComparison.Row, String> col = new TableColumn<>(c.runs().get(i));
            col.setCellValueFactory(d -> new SimpleStringProperty(d.getValue().values().get(k)));
            // Wide enough for the run's name and its longest value (the data label), so nothing is cut short.
            int chars = c.runs().get(i).length();
            for (RunComparison.Row r : c.rows()) {
                chars = Math.max(chars, r.values().get(i).length());
            }
            col.setPrefWidth(Math.min(460, 40 + 7.5 * chars));
            col.setSortable(false);
            comparison.getColumns().add(col);
        }
        comparison.getItems().setAll(c.rows());
    }

    /** The run entries of the table's context menu (the export entries follow them). */
    private List<MenuItem> runActions(Consumer<TrainingRun> analyse) {
        MenuItem rename = new MenuItem("Rename\u2026");
        rename.setOnAction(e -> renameSelected());
        MenuItem hide = new MenuItem("Hide / unhide");
        hide.setOnAction(e -> toggleHiddenSelected());
        MenuItem delete = new MenuItem("Delete\u2026");
        delete.setOnAction(e -> deleteSelected());
        MenuItem use = new MenuItem("Analyse its model");
        use.setOnAction(e -> {
            TrainingRun r = table.getSelectionModel().getSelectedItem();
            if (r != null && r.hasModel()) {
                analyse.accept(r);
            }
        });
        return List.of(rename, hide, use, delete);
    }

    private void renameSelected() {
        TrainingRun run = table.getSelectionModel().getSelectedItem();
        if (run == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog(run.name());
        d.initOwner(table.getScene() == null ? null : table.getScene().getWindow());
        d.setTitle("Rename run");
        d.setHeaderText("Rename run #" + run.number());
        d.setContentText("Name");
        d.getEditor().setPrefColumnCount(36);
        Optional<String> name = d.showAndWait();
        name.ifPresent(n -> {
            String problem = runs.rename(run, n);
            if (problem != null) {
                error(problem);
            }
        });
    }

    private void toggleHiddenSelected() {
        List<TrainingRun> chosen = List.copyOf(runs.selection());
        boolean hide = !chosen.stream().allMatch(r -> r.record().hidden());
        chosen.forEach(r -> runs.setHidden(r, hide));
        table.getSelectionModel().clearSelection();
    }

    private void deleteSelected() {
        List<TrainingRun> chosen = List.copyOf(runs.selection());
        if (chosen.isEmpty()) {
            return;
        }
        List<TrainingRun> running = chosen.stream().filter(r -> !runs.canDelete(r)).toList();
        if (!running.isEmpty()) {
            error("Run #" + running.get(0).number() + " is still training: cancel it first.");
            return;
        }
        String names = chosen.stream().map(TrainingRun::label).collect(Collectors.joining("\n"));
        ButtonType deleteButton = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, names + "\n\nTheir folders in " + runs.folder()
                + " are deleted with the trained and fused models in them. This cannot be undone.", deleteButton,
                ButtonType.CANCEL);
        a.initOwner(table.getScene() == null ? null : table.getScene().getWindow());
        a.setTitle("Delete runs");
        a.setHeaderText("Delete " + (chosen.size() == 1 ? "this run" : "these " + chosen.size() + " runs") + "?");
        if (a.showAndWait().orElse(ButtonType.CANCEL) == deleteButton) {
            chosen.forEach(runs::delete);
        }
    }

    private void error(String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(table.getScene() == null ? null : table.getScene().getWindow());
        a.setHeaderText("Runs");
        a.showAndWait();
    }

    private static String statusText(TrainingRun r) {
        String problem = r.saveProblemProperty().get();
        return problem.isEmpty() ? r.statusText() : r.statusText() + " (" + problem + ")";
    }

    private static TableColumn<TrainingRun, String> column(String title, double width, Function<TrainingRun, String> f) {
        TableColumn<TrainingRun, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> Bindings.createStringBinding(() -> f.apply(d.getValue()), d.getValue().recordProperty()));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 44));
        c.setEditable(false);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : Ui.tooltip(item));
            }
        });
        return c;
    }

    private static Button action(String id, String text, org.kordamp.ikonli.Ikon icon, String tooltip, Runnable run) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add("small");
        b.setTooltip(Ui.tooltip(tooltip));
        b.setOnAction(e -> run.run());
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return b;
    }

    private static Label placeholder(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setPadding(new Insets(12));
        l.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        return l;
    }
}
