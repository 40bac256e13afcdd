package dev.bitflow.engine.train;

/**
 * How one forward pass runs: in training mode (batch statistics, dropout) or inference mode (running
 * statistics, no dropout), and the seed from which this pass derives its dropout masks. Deriving masks from
 * (run seed, epoch, batch) rather than from a stateful generator makes a resumed run draw the same masks as an
 * uninterrupted one.
 */
record Pass(boolean training, long seed) {
    static final Pass INFERENCE = new Pass(false, 0L);
}
