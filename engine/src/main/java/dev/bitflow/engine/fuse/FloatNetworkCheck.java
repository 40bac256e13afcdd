package dev.bitflow.engine.fuse;

import dev.bitflow.engine.reference.FloatNetworkException;
import dev.bitflow.engine.reference.FloatRange;
import dev.bitflow.engine.reference.FloatReferenceForward;

/**
 * Refuses a network whose float network is not a finite float32 computation on its inputs ({@link FloatRange}):
 * the fused network must equal the float network, so where the float network overflows, divides by a zero sigma
 * or could produce NaN there is nothing exact to fuse. Every problem is reported with its layer, as for any other
 * refusal.
 */
public final class FloatNetworkCheck implements FusionPass {
    @Override
    public String name() {
        return "float network check";
    }

    @Override
    public void apply(FusionState state) {
        try {
            new FloatReferenceForward(state.network);
        } catch (FloatNetworkException e) {
            throw new NotFusableException(e.problems());
        }
    }
}
