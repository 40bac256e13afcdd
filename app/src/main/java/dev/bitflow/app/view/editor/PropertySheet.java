package dev.bitflow.app.view.editor;

import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.editor.LayerProperties;
import dev.bitflow.app.viewmodel.editor.PropertyField;
import dev.bitflow.assets.Assets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The selected layer's fields. Text fields apply on Enter or when focus leaves; an invalid value stays in
 * the field, outlined, with the reason under it, and is not applied. The grid is rebuilt only when another
 * layer (or another type) is selected, so focus survives edits.
 */
final class PropertySheet {
    private final EditorViewModel vm;
    private final VBox root = new VBox(8);
    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane(grid);
    private final VBox empty = Ui.emptyState(MaterialDesignC.CURSOR_DEFAULT_CLICK_OUTLINE, "No layer selected",
            "Select a layer in the network to edit its options here.");
    private final Map<String, Node> editors = new LinkedHashMap<>();
    private final Map<String, Label> errors = new LinkedHashMap<>();
    private List<String> shownKeys = List.of();
    private int shownIndex = -2;

    PropertySheet(EditorViewModel vm) {
        this.vm = vm;
        grid.setHgap(10);
        grid.setVgap(4);
        grid.setId("property-sheet");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(90);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox.setVgrow(empty, Priority.ALWAYS);
        Label title = Ui.panelTitle("Layer properties");
        title.setId("property-sheet-title");
        title.textProperty().bind(javafx.beans.binding.Bindings.when(vm.selectedIndexProperty().lessThan(0))
                .then("NETWORK PROPERTIES").otherwise("LAYER PROPERTIES"));
        Label hint = new Label("Select a layer in the network list to edit its options; Esc in the list comes back "
                + "here.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Assets.LAYER_SUMMARY);
        hint.visibleProperty().bind(vm.selectedIndexProperty().lessThan(0));
        hint.managedProperty().bind(hint.visibleProperty());
        root.getChildren().addAll(title, scroll, hint);
        root.getStyleClass().add(Assets.PANEL);
        root.setMinWidth(250);
        vm.selectedFields().addListener((ListChangeListener<PropertyField>) c -> refresh());
        refresh();
    }

    Parent root() {
        return root;
    }

    private void refresh() {
        List<PropertyField> fields = vm.selectedFields();
        if (fields.isEmpty()) {
            root.getChildren().set(1, empty);
            shownKeys = List.of();
            shownIndex = -2;
            return;
        }
        if (root.getChildren().get(1) == empty) {
            root.getChildren().set(1, scroll);
        }
        List<String> keys = fields.stream().map(PropertyField::key).toList();
        int index = vm.selectedIndexProperty().get();
        if (keys.equals(shownKeys) && index == shownIndex) {
            for (PropertyField f : fields) {
                setValue(editors.get(f.key()), f);
            }
            return;
        }
        rebuild(fields);
        shownKeys = keys;
        shownIndex = index;
    }

    private void rebuild(List<PropertyField> fields) {
        grid.getChildren().clear();
        editors.clear();
        errors.clear();
        int row = 0;
        for (PropertyField f : fields) {
            Label label = new Label(f.label());
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the field gives way, the label keeps its text
            label.setTooltip(Ui.tooltip(f.help()));
            Node editor = editorFor(f);
            Label error = new Label();
            error.getStyleClass().add(Assets.FIELD_ERROR_TEXT);
            error.setWrapText(true);
            error.setManaged(false);
            error.setVisible(false);
            editors.put(f.key(), editor);
            errors.put(f.key(), error);
            grid.add(label, 0, row);
            grid.add(editor, 1, row++);
            grid.add(error, 1, row++);
        }
    }

    private Node editorFor(PropertyField f) {
        Node n = switch (f.kind()) {
            case FLAG -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.parseBoolean(f.value()));
                box.setOnAction(e -> apply(f.key(), Boolean.toString(box.isSelected()), box));
                yield box;
            }
            case CHOICE -> {
                ComboBox<String> combo = new ComboBox<>();
                List<String> choices = f.choices();
                combo.setConverter(new javafx.util.StringConverter<>() {
                    @Override
                    public String toString(String value) {
                        return LayerProperties.choiceLabel(value);
                    }

                    @Override
                    public String fromString(String label) {
                        return choices.stream().filter(c -> LayerProperties.choiceLabel(c).equals(label)).findFirst()
                                .orElse(label);
                    }
                });
                combo.getItems().setAll(choices);
                combo.setValue(f.value());
                combo.setMaxWidth(Double.MAX_VALUE);
                combo.setOnAction(e -> {
                    if (combo.getValue() != null) {
                        apply(f.key(), combo.getValue(), combo);
                    }
                });
                yield combo;
            }
            default -> {
                TextField text = new TextField(f.value());
                text.setOnAction(e -> apply(f.key(), text.getText(), text));
                text.focusedProperty().addListener((o, was, now) -> {
                    if (!now) {
                        apply(f.key(), text.getText(), text);
                    }
                });
                yield text;
            }
        };
        n.setId("field-" + f.key());
        if (n instanceof javafx.scene.control.Control c) {
            c.setTooltip(Ui.tooltip(f.help()));
        }
        return n;
    }

    private void apply(String key, String value, Node editor) {
        if (vm.selectedFields().isEmpty()) {
            return;
        }
        String problem = vm.editField(key, value);
        Label error = errors.get(key);
        if (error == null) {
            return;
        }
        boolean bad = problem != null;
        error.setText(bad ? problem : "");
        error.setVisible(bad);
        error.setManaged(bad);
        if (bad) {
            if (!editor.getStyleClass().contains(Assets.FIELD_INVALID)) {
                editor.getStyleClass().add(Assets.FIELD_INVALID);
            }
        } else {
            editor.getStyleClass().remove(Assets.FIELD_INVALID);
        }
    }

    @SuppressWarnings("unchecked")
    private void setValue(Node editor, PropertyField f) {
        if (editor instanceof TextField t) {
            if (!t.isFocused() || !t.getStyleClass().contains(Assets.FIELD_INVALID)) {
                if (!t.getText().equals(f.value())) {
                    t.setText(f.value());
                }
            }
        } else if (editor instanceof CheckBox c) {
            c.setSelected(Boolean.parseBoolean(f.value()));
        } else if (editor instanceof ComboBox<?> c) {
            ((ComboBox<String>) c).setValue(f.value());
        }
        Label error = errors.get(f.key());
        if (error != null && !(editor instanceof TextField t && t.getStyleClass().contains(Assets.FIELD_INVALID))) {
            error.setVisible(false);
            error.setManaged(false);
        }
    }
}
