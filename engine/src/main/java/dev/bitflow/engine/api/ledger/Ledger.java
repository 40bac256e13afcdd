package dev.bitflow.engine.api.ledger;

import java.util.List;

/**
 * Memory and operation accounting of one network, per layer and in total.
 *
 * @param network the definition's name
 * @param fused   whether the per-layer operations and per-channel parameters are those after BatchShift
 *                fusion (memory before and after fusion is in {@link LedgerTotals} either way)
 * @param layers  one row per layer, in order
 * @param totals  sums and derived figures
 * @param notes   remarks a reader needs (for example blocks that could not be fused)
 */
public record Ledger(String network, boolean fused, List<LayerLedger> layers, LedgerTotals totals, List<String> notes) {
    public Ledger {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }
}
