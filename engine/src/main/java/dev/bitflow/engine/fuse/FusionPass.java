package dev.bitflow.engine.fuse;

/** One step of the {@link FusionPipeline}; reads and extends the {@link FusionState}. */
public interface FusionPass {
    /** Short name for progress messages. */
    String name();

    /** Applies the pass; throws {@link NotFusableException} naming layer and reason if it cannot be exact. */
    void apply(FusionState state);
}
