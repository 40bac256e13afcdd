package dev.bitflow.engine.api.ledger;

/** Builds the per-layer ledger of memory and operations as data; rendering happens elsewhere. */
public interface LedgerService {
}
