package dev.bitflow.app.viewmodel.inspector;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerService;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The bit-flow inspector's state: the engine's ledger of the current definition, as defined or after
 * BatchShift fusion ({@link #fusedProperty()}), its rows and totals, and the reason when there is no
 * ledger (a definition with shape errors). Both ledgers are kept so the diagram can compare them. The
 * ledger is arithmetic over the definition (no I/O, microseconds), so it is rebuilt inline on every change.
 */
public final class InspectorViewModel {
    private final LedgerService ledgers;
    private final ObjectProperty<NetworkDefinition> definition = new SimpleObjectProperty<>();
    private final BooleanProperty fused = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<Ledger> asDefined = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Ledger> afterFusion = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Ledger> shown = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LayerLedger> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    public InspectorViewModel(LedgerService ledgers) {
        this.ledgers = ledgers;
        definition.addListener((o, a, b) -> rebuild());
        fused.addListener((o, a, b) -> select());
    }

    /** The definition to account for; bind it to the editor's. */
    public ObjectProperty<NetworkDefinition> definitionProperty() {
        return definition;
    }

    /** Show the ledger after BatchShift fusion instead of as defined. */
    public BooleanProperty fusedProperty() {
        return fused;
    }

    public ReadOnlyObjectProperty<Ledger> ledgerProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Ledger> unfusedLedgerProperty() {
        return asDefined.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Ledger> fusedLedgerProperty() {
        return afterFusion.getReadOnlyProperty();
    }

    public ObservableList<LayerLedger> rows() {
        return rows;
    }

    /** Why there is no ledger (empty when there is one). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    private void rebuild() {
        NetworkDefinition d = definition.get();
        if (d == null || d.layers().isEmpty()) {
            clear("The definition has no layers yet. Add layers in the Architecture view.");
            return;
        }
        try {
            asDefined.set(ledgers.ledger(d, false));
            afterFusion.set(ledgers.ledger(d, true));
            problem.set("");
        } catch (RuntimeException e) {
            clear("No ledger for " + d.name() + ": " + e.getMessage());
            return;
        }
        select();
    }

    private void clear(String why) {
        asDefined.set(null);
        afterFusion.set(null);
        problem.set(why);
        select();
    }

    private void select() {
        Ledger l = fused.get() ? afterFusion.get() : asDefined.get();
        shown.set(l);
        rows.setAll(l == null ? List.of() : l.layers());
    }

    /** The headline figures of a ledger's totals, label and value, in display order. */
    public static List<Metric> metrics(LedgerTotals t) {
        return List.of(
                new Metric("Parameters", count(t.params()), "weights + biases (BatchNorm excluded)"),
                new Metric("Binary weights", percent(t.params() == 0 ? 0 : (double) t.binaryWeights() / t.params()),
                        count(t.binaryWeights()) + " of the weights are 1 bit"),
                new Metric("fp32 size", bytes(t.fp32Bytes()), "every weight and bias as float32"),
                new Metric("Fused size", bytes(t.fusedBytes()), "binary weights 1 bit, BatchShift B as int16"),
                new Metric("Compression", String.format(Locale.ROOT, "%.1f\u00d7", t.compressionRatio()),
                        "fp32 size / fused size"),
                new Metric("Binary MACs", percent(t.binaryMacFraction()), count(t.binaryMacs()) + " of " + count(t.macs())
                        + " MACs are XNOR + popcount"),
                new Metric("Middle float mult.", count(t.middleFloatMultiplications()),
                        "real multiplications between the first and last layer"));
    }

    /** One headline figure. */
    public record Metric(String label, String value, String help) {
    }

    /** 1234567 -> "1.23 M". */
    public static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.2f %s", v, units[u]);
    }

    /** Bytes with binary prefixes: 249513376 -> "238 MiB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /** Bits in a readable unit: 1 bit .. "3.1 Mbit". */
    public static String bits(long n) {
        return n < 10_000 ? n + " bit" : count(n).replace(" ", " ") + "bit";
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
