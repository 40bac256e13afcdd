package dev.bitflow.engine.analysis;

import dev.bitflow.engine.api.ledger.LedgerService;

/** Builds ledgers as data. */
public final class DefaultLedgerService implements LedgerService {
}
