package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.app.service.DefinitionGateway;
import dev.bitflow.app.service.SaveGuard;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.FileKind;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The architecture editor's state: the definition being edited (immutable; every edit makes a new one and
 * pushes the old one on the undo stack), its rows with the engine's shapes and design issues, the selected
 * layer's property sheet, the file, the dirty flag (the definition differs from what was last loaded or
 * saved, so undoing back to it is clean again), recent files and autosave. File work runs through the
 * {@link TaskExecutor}; the check is fast and runs inline on every edit.
 */
public final class EditorViewModel {
    private final DefinitionGateway definitions;
    private final TaskExecutor tasks;
    private final AppPreferences preferences;
    private final AutosaveStore autosave;

    private final ReadOnlyObjectWrapper<NetworkDefinition> definition = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<NetworkDefinition> saved = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<DefinitionCheck> check = new ReadOnlyObjectWrapper<>(DefinitionCheck.EMPTY);
    private final ObservableList<LayerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DefinitionCheck.Issue> networkIssues = FXCollections.observableArrayList();
    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(-1);
    private final ObservableList<PropertyField> selectedFields = FXCollections.observableArrayList();
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final BooleanBinding dirty;
    private final StringBinding title;
    private final Deque<NetworkDefinition> undo = new ArrayDeque<>();
    private final Deque<NetworkDefinition> redo = new ArrayDeque<>();
    private Consumer<String> errorSink = m -> { };

    public EditorViewModel(DefinitionGateway definitions, TaskExecutor tasks, AppPreferences preferences,
                           AutosaveStore autosave, NetworkDefinition initial, Path initialFile) {
        this.definitions = definitions;
        this.tasks = tasks;
        this.preferences = preferences;
        this.autosave = autosave;
        this.dirty = Bindings.createBooleanBinding(() -> !Objects.equals(definition.get(), saved.get()), definition, saved);
        this.title = Bindings.createStringBinding(() -> {
            NetworkDefinition d = definition.get();
            String name = d == null ? "untitled" : DisplayText.escape(d.name());
            String where = file.get() == null ? "not saved yet" : DisplayText.escape(file.get().getFileName().toString());
            return name + " \u2014 " + where + (dirty.get() ? " \u2022 modified" : "");
        }, definition, file, dirty);
        recentFiles.setAll(preferences.recentFiles());
        selectedIndex.addListener((o, a, b) -> refreshFields());
        replaceDocument(initial, initialFile);
    }

    /** Where errors the user must see go (the view shows a dialog). */
    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    // ---- state -------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<NetworkDefinition> definitionProperty() {
        return definition.getReadOnlyProperty();
    }

    public NetworkDefinition definition() {
        return definition.get();
    }

    public ReadOnlyObjectProperty<DefinitionCheck> checkProperty() {
        return check.getReadOnlyProperty();
    }

    public ObservableList<LayerRow> rows() {
        return rows;
    }

    public ObservableList<DefinitionCheck.Issue> networkIssues() {
        return networkIssues;
    }

    public IntegerProperty selectedIndexProperty() {
        return selectedIndex;
    }

    /** The fields of the property sheet: the selected layer's, or the network's (name, input) without a selection. */
    public ObservableList<PropertyField> selectedFields() {
        return selectedFields;
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public StringBinding titleProperty() {
        return title;
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** True while a file is being read or written. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** "17 layers, 3 binary · 0 errors, 1 warnings · input 1x28x28": always the definition shown now. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The outcome of the last action, for the status bar. */
    public StringProperty messageProperty() {
        return message;
    }

    // ---- editing -----------------------------------------------------------------------------------

    /** Adds a new layer of {@code kind} at {@code index} (clamped; -1 appends) and selects it. */
    public void addLayer(LayerKind kind, int index) {
        List<LayerSpec> layers = new ArrayList<>(definition.get().layers());
        int at = index < 0 || index > layers.size() ? layers.size() : index;
        LayerSpec spec = kind.create(uniqueName(kind.namePrefix(), layers));
        layers.add(at, spec);
        apply(definition.get().withLayers(layers), "Added " + spec.name());
        selectedIndex.set(at);
    }

    /** Adds after the selected layer, or at the end when nothing is selected. */
    public void addLayerAfterSelection(LayerKind kind) {
        int sel = selectedIndex.get();
        addLayer(kind, sel < 0 ? -1 : sel + 1);
    }

    /** Moves the layer at {@code from} so that it ends at position {@code to}; keeps it selected. */
    public void moveLayer(int from, int to) {
        List<LayerSpec> layers = new ArrayList<>(definition.get().layers());
        if (from < 0 || from >= layers.size()) {
            return;
        }
        int target = Math.max(0, Math.min(to, layers.size() - 1));
        if (target == from) {
            return;
        }
        LayerSpec moved = layers.remove(from);
        layers.add(target, moved);
        apply(definition.get().withLayers(layers), "Moved " + moved.name());
        selectedIndex.set(target);
    }

    public void removeLayer(int index) {
        List<LayerSpec> layers = new ArrayList<>(definition.get().layers());
        if (index < 0 || index >= layers.size()) {
            return;
        }
        LayerSpec removed = layers.remove(index);
        apply(definition.get().withLayers(layers), "Removed " + removed.name());
        selectedIndex.set(layers.isEmpty() ? -1 : Math.min(index, layers.size() - 1));
    }

    public void removeSelected() {
        removeLayer(selectedIndex.get());
    }

    /**
     * Sets a field of the selected layer.
     *
     * @return null when applied, otherwise why not (the field keeps the user's text and shows this)
     */
    public String editField(String key, String text) {
        if (NetworkProperties.isNetworkKey(key)) {
            return editNetwork(key, text);
        }
        int i = selectedIndex.get();
        if (i < 0) {
            return "no layer selected";
        }
        LayerSpec old = definition.get().layers().get(i);
        LayerSpec changed;
        try {
            changed = LayerProperties.with(old, key, text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (changed.equals(old)) {
            return null;
        }
        List<LayerSpec> layers = new ArrayList<>(definition.get().layers());
        if (!changed.name().equals(old.name()) && layers.stream().anyMatch(l -> l.name().equals(changed.name()))) {
            return "Name: another layer is already called " + changed.name();
        }
        layers.set(i, changed);
        apply(definition.get().withLayers(layers), "Changed " + key + " of " + changed.name());
        selectedIndex.set(i);
        return null;
    }

    /** Sets the network's name or input shape ({@link NetworkProperties}); null when applied, else why not. */
    private String editNetwork(String key, String text) {
        NetworkDefinition d = definition.get();
        NetworkDefinition changed;
        try {
            changed = NetworkProperties.with(d, key, text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!changed.equals(d)) {
            apply(changed, key.equals(NetworkProperties.NAME) ? "Renamed the network to " + changed.name()
                    : "Changed the input to " + changed.input());
        }
        return null;
    }

    public void undo() {
        if (undo.isEmpty()) {
            return;
        }
        redo.push(definition.get());
        show(undo.pop());
        message.set("Undone");
    }

    public void redo() {
        if (redo.isEmpty()) {
            return;
        }
        undo.push(definition.get());
        show(redo.pop());
        message.set("Redone");
    }

    private void apply(NetworkDefinition next, String what) {
        undo.push(definition.get());
        redo.clear();
        show(next);
        message.set(what);
    }

    private void show(NetworkDefinition next) {
        int sel = Math.min(selectedIndex.get(), next.layers().size() - 1);
        definition.set(next);
        recheck();
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        if (selectedIndex.get() == sel) {
            refreshFields();
        } else {
            selectedIndex.set(sel);
        }
        if (isDirty()) {
            autosave.request(next, file.get());
        } else {
            autosave.clear();
        }
    }

    private void recheck() {
        NetworkDefinition d = definition.get();
        DefinitionCheck c;
        try {
            c = definitions.check(d);
        } catch (RuntimeException e) {
            c = new DefinitionCheck(List.of(), List.of(new DefinitionCheck.Issue(DefinitionCheck.Severity.ERROR, null,
                    null, "The check failed: " + e.getMessage())));
        }
        check.set(c);
        List<LayerRow> out = new ArrayList<>();
        for (int i = 0; i < d.layers().size(); i++) {
            LayerSpec spec = d.layers().get(i);
            DefinitionCheck.LayerShapes shapes = c.shapesOf(spec.name()).orElse(null);
            out.add(new LayerRow(i, spec, LayerKind.of(spec), LayerProperties.summary(spec),
                    shapes == null ? null : shapes.input(), shapes == null ? null : shapes.output(), c.issuesOf(spec.name())));
        }
        rows.setAll(out);
        networkIssues.setAll(c.networkIssues());
        summary.set(summaryOf(d, c));
    }

    private static String summaryOf(NetworkDefinition d, DefinitionCheck c) {
        return d.layers().size() + " layers, " + LayerKind.binaryLayers(d) + " binary  \u00b7  "
                + c.count(DefinitionCheck.Severity.ERROR) + " errors, " + c.count(DefinitionCheck.Severity.WARNING)
                + " warnings  \u00b7  input " + d.input();
    }

    private void refreshFields() {
        int i = selectedIndex.get();
        NetworkDefinition d = definition.get();
        if (d == null) {
            selectedFields.clear();
        } else if (i < 0 || i >= d.layers().size()) {
            selectedFields.setAll(NetworkProperties.fields(d));
        } else {
            selectedFields.setAll(LayerProperties.fields(d.layers().get(i)));
        }
    }

    static String uniqueName(String prefix, List<LayerSpec> layers) {
        Set<String> taken = new HashSet<>();
        layers.forEach(l -> taken.add(l.name()));
        for (int n = 1; ; n++) {
            String candidate = prefix + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    // ---- documents ---------------------------------------------------------------------------------

    /** Replaces the document (no undo across documents) and marks it clean. */
    private void replaceDocument(NetworkDefinition def, Path path) {
        undo.clear();
        redo.clear();
        saved.set(def);
        file.set(path);
        selectedIndex.set(-1);
        show(def);
        if (path != null) {
            rememberRecent(path);
        }
    }

    /** Starts a new, empty definition with the current one's input, training and data set. */
    public void newDefinition() {
        NetworkDefinition d = definition.get();
        replaceDocument(new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, "untitled", "",
                d.input(), List.of(), d.training(), d.dataset()), null);
        message.set("New definition");
    }

    /** Reads {@code path} in the background; on success it becomes the document. */
    public void open(Path path) {
        busy.set(true);
        tasks.execute(BackgroundTask.of("Opening " + path.getFileName(), m -> definitions.load(path)).inStatusLine()
                .onSuccess(def -> {
                    replaceDocument(def, path);
                    message.set("Opened " + path);
                })
                .onFailure(e -> fail("Cannot open " + path, e))
                .onFinished(() -> busy.set(false)));
    }

    /** Adopts what an earlier session left unsaved: it shows as modified against its original file. */
    public void recover(AutosaveStore.Recovery recovery) {
        NetworkDefinition before = definition.get();
        replaceDocument(before, recovery.origin());
        apply(recovery.definition(), "Recovered unsaved changes from " + recovery.savedAt());
    }

    /** Throws the autosaved state away (the user chose not to recover it, or not to save). */
    public void discardRecovery() {
        autosave.discard();
    }

    /** Saves to the current file; returns false when there is none yet (the view then asks for one). */
    public boolean save() {
        if (file.get() == null) {
            return false;
        }
        saveAs(file.get());
        return true;
    }

    public void saveAs(Path path) {
        NetworkDefinition snapshot = definition.get();
        busy.set(true);
        tasks.execute(BackgroundTask.of("Saving " + path.getFileName(), m -> {
                    SaveGuard.check(path, FileKind.DEFINITION);
                    definitions.save(snapshot, path);
                    return path;
                })
                .inStatusLine()
                .onSuccess(p -> {
                    saved.set(snapshot);
                    file.set(p);
                    rememberRecent(p);
                    if (!isDirty()) {
                        autosave.clear();
                    }
                    message.set("Saved " + p);
                })
                .onFailure(e -> fail("Cannot save " + path, e))
                .onFinished(() -> busy.set(false)));
    }

    private void rememberRecent(Path p) {
        try {
            preferences.addRecentFile(p);
        } catch (RuntimeException e) {
            message.set("Recent files not stored: " + e.getMessage());
        }
        recentFiles.setAll(preferences.recentFiles());
    }

    private void fail(String what, Throwable e) {
        String text = what + ": " + BackgroundTask.messageOf(e);
        message.set(text);
        errorSink.accept(text);
    }
}
