package dev.bitflow.engine.api.ledger;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;

/**
 * Builds the per-layer ledger of memory and operations as data; rendering happens elsewhere. The counting
 * rules are documented in {@code docs/ledger.md} and on {@link LayerLedger}.
 */
public interface LedgerService {
    /**
     * The ledger of a definition, as defined ({@code fused == false}) or after BatchShift fusion of every
     * fusable block ({@code fused == true}).
     *
     * @throws BadInputException if the definition has shape errors (the ledger needs every shape)
     */
    Ledger ledger(NetworkDefinition definition, boolean fused);
}
