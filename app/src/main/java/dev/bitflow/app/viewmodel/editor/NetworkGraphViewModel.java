package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;

/**
 * The editor's graph beside the list: follows the editor's rows (and their shapes); with {@link #fusedProperty()}
 * the engine's fused ledger (pure arithmetic, inline) outlines the blocks BatchShift fuses.
 */
public final class NetworkGraphViewModel {
    private final EditorViewModel editor;
    private final LedgerService ledger;
    private final BooleanProperty fused = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<NetworkGraph> graph = new ReadOnlyObjectWrapper<>();

    public NetworkGraphViewModel(EditorViewModel editor, LedgerService ledger) {
        this.editor = editor;
        this.ledger = ledger;
        editor.rows().addListener((ListChangeListener<LayerRow>) c -> update());
        fused.addListener((o, a, b) -> update());
        update();
    }

    /** Show the fused blocks. */
    public BooleanProperty fusedProperty() {
        return fused;
    }

    public ReadOnlyObjectProperty<NetworkGraph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    /** The editor's selection (a click on a node selects its layer). */
    public void select(int index) {
        editor.selectedIndexProperty().set(index);
    }

    public EditorViewModel editor() {
        return editor;
    }

    private void update() {
        NetworkDefinition def = editor.definition();
        if (def == null) {
            graph.set(null);
            return;
        }
        Ledger f = null;
        if (fused.get()) {
            try {
                f = ledger.ledger(def, true);
            } catch (BadInputException e) {
                f = null; // shape errors: no ledger, so no blocks to outline
            }
        }
        graph.set(NetworkGraph.of(def.input(), editor.rows(), f));
    }
}
