package dev.bitflow.engine.api.training;

/** Trains definitions with ND4J, evaluates models, reads and writes {@code *.bfm} files. */
public interface TrainingService {
}
