package dev.bitflow.engine.api.analysis;

/**
 * Which forward pass produced the activation bits of an {@link ActivationTrace} or {@link ActivationRates}.
 * Both give the same bits except at float32 rounding ties of the float path (see
 * {@code FusionService.verify}, which counts them).
 */
public enum ActivationPath {
    /**
     * The BatchShift-fused bit-level network (XNOR-popcount on packed bits, integer thresholds): one map per
     * fused block that outputs bits, after the block's max pools.
     */
    FUSED_BITS("fused bit-level network"),
    /** The float32 reference path of the unfused network, one map per sign layer (used when it cannot be fused). */
    FLOAT_REFERENCE("float reference path");

    private final String label;

    ActivationPath(String label) {
        this.label = label;
    }

    /** A readable name ("fused bit-level network"). */
    public String label() {
        return label;
    }
}
