package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.List;

/**
 * BatchShift fusion as an ordered list of small passes (docs/fusion.md):
 * <ol>
 *   <li>{@link FusionPlanPass}: the definition as blocks by the one fusion grammar, or every unfusable layer with
 *       its reason;</li>
 *   <li>{@link FloatNetworkCheck}: the float network is finite on every input, or every reason it may not be;</li>
 *   <li>{@link ScalingFactorFolder}: weights, BatchNorm, alpha = mean|W_c|;</li>
 *   <li>{@link FirstLayerThresholdFolder}: first layer's BN + sign as one float threshold per channel;</li>
 *   <li>{@link BatchShiftFolder}: SF + BN + sign of binary layers as one int16 per channel, flips, constants;</li>
 *   <li>{@link PoolBeforeBnPass}: OR/AND choice for pools before BatchNorm;</li>
 *   <li>{@link WeightPacker}: sign bits of the binary weights, gamma &lt; 0 filters negated;</li>
 *   <li>{@link OutputLayerPass}: last dense layer as additions of its weights;</li>
 *   <li>{@link FusedNetworkAssembler}: the fused layers.</li>
 * </ol>
 */
public final class FusionPipeline {
    private final List<FusionPass> passes;

    public FusionPipeline() {
        this(standardPasses());
    }

    /** The passes of a fusion, in the order above. */
    static List<FusionPass> standardPasses() {
        return List.of(new FusionPlanPass(), new FloatNetworkCheck(), new ScalingFactorFolder(), new FirstLayerThresholdFolder(),
                new BatchShiftFolder(), new PoolBeforeBnPass(), new WeightPacker(), new OutputLayerPass(),
                new FusedNetworkAssembler());
    }

    public FusionPipeline(List<FusionPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /** The result of one run: the fused network and the state the passes built (for reports). */
    public record Result(FusedNetwork network, FusionState state) {
    }

    public Result run(TrainedNetwork net, TaskMonitor monitor) {
        FusionState state = new FusionState(net);
        for (int i = 0; i < passes.size(); i++) {
            monitor.checkCancelled();
            FusionPass p = passes.get(i);
            monitor.progress((double) i / passes.size(), "fusion: " + p.name());
            p.apply(state);
        }
        monitor.progress(1.0, "fusion done");
        return new Result(state.fusedNetwork(), state);
    }
}
