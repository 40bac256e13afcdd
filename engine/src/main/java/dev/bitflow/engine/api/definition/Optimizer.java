package dev.bitflow.engine.api.definition;

/** The optimiser: Adam, or SGD with (heavy-ball) momentum. */
public enum Optimizer {
    ADAM,
    SGD_MOMENTUM
}
