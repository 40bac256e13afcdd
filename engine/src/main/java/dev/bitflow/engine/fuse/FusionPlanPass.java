package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.FusionPlanner;
import java.util.List;

/**
 * The first fusion pass: the definition as blocks by the one fusion grammar ({@link FusionPlanner}, which the
 * ledger and {@code check} use too), or {@link NotFusableException} with every layer that cannot be fused exactly
 * and why.
 */
public final class FusionPlanPass implements FusionPass {
    @Override
    public String name() {
        return "block structure";
    }

    @Override
    public void apply(FusionState state) {
        state.blocks = plan(state.network.definition());
    }

    /** The blocks of {@code def}; every problem at once as a {@link NotFusableException}. */
    public static List<FusionBlock> plan(NetworkDefinition def) {
        FusionPlanner.Plan plan = FusionPlanner.plan(def);
        if (!plan.fusable()) {
            throw new NotFusableException(plan.problems());
        }
        return plan.blocks();
    }
}
