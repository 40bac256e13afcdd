package dev.bitflow.app.view.help;

import dev.bitflow.app.view.Theme;
import dev.bitflow.app.viewmodel.help.HelpContent;
import dev.bitflow.app.viewmodel.help.HelpContent.Topic;
import dev.bitflow.assets.Assets;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The help window: the list of help pages on the left (each view's guide, export, report, presenting, shortcuts,
 * glossary, the paper), the chosen page on the right. One per workbench window, reused; it follows the theme and
 * the zoom.
 */
public final class HelpWindow {
    private final Stage stage = new Stage();
    private final ListView<Topic> list = new ListView<>();
    private final VBox page = new VBox(10);
    private final BorderPane root = new BorderPane();

    public HelpWindow(Window owner, BooleanProperty dark, ObservableStringValue rootStyle) {
        stage.initOwner(owner);
        stage.setTitle("BitFlow Workbench help");
        list.setId("help-topics");
        list.getItems().setAll(HelpContent.topics());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Topic t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : t.title());
            }
        });
        list.setPrefWidth(210);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> show(t));
        page.setId("help-page");
        page.setPadding(new Insets(16, 20, 20, 20));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        root.setLeft(list);
        root.setCenter(scroll);
        root.getStyleClass().add(Assets.WORKBENCH);
        root.styleProperty().bind(rootStyle);
        Scene scene = new Scene(root, 820, 560);
        // Esc closes help, as it closes a dialog; F1 again keeps it open at the current view's page.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::close);
        stage.setScene(scene);
        Theme.apply(scene, dark.get());
        dark.addListener((o, a, d) -> Theme.apply(scene, d));
    }

    /** Shows the window at the page with {@code id} (the first page when there is none). */
    public void show(String id) {
        Topic t = HelpContent.topic(id).orElse(HelpContent.topics().get(0));
        list.getSelectionModel().select(t);
        list.scrollTo(t);
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    private void show(Topic t) {
        page.getChildren().clear();
        if (t == null) {
            return;
        }
        Label title = new Label(t.title());
        title.getStyleClass().add("title-2");
        page.getChildren().add(title);
        for (String p : t.paragraphs()) {
            Label l = new Label(p);
            l.setWrapText(true);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            page.getChildren().add(l);
        }
        switch (t.id()) {
            case HelpContent.SHORTCUTS -> page.getChildren().add(grid(HelpContent.shortcuts().stream()
                    .map(s -> new String[] {s.keys(), s.action()}).toList(), "help-shortcuts"));
            case HelpContent.GLOSSARY -> page.getChildren().add(grid(HelpContent.glossary().stream()
                    .map(s -> new String[] {s.term(), s.meaning()}).toList(), "help-glossary"));
            default -> { }
        }
    }

    private static Node grid(java.util.List<String[]> rows, String id) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(16);
        g.setVgap(6);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        int r = 0;
        for (String[] row : rows) {
            Label key = new Label(row[0]);
            key.getStyleClass().add("text-bold");
            Label text = new Label(row[1]);
            text.setWrapText(true);
            text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            g.addRow(r++, key, text);
        }
        return g;
    }
}
