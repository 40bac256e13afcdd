package dev.bitflow.engine.analysis;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerService;

/** Builds ledgers as data with {@link LedgerBuilder}. */
public final class DefaultLedgerService implements LedgerService {
    @Override
    public Ledger ledger(NetworkDefinition definition, boolean fused) {
        return LedgerBuilder.build(definition, fused);
    }
}
