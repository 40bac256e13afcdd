package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.TrainedNetwork;

/**
 * The engine's {@link FusedModel}: the fused network with the state the passes built (blocks, shifts, packed
 * weights), its summary, and the trained network it was fused from (null when loaded from a {@code *.bff}
 * file, which holds no float parameters).
 *
 * @param result  the fused network and the fusion state
 * @param trained the float network it came from, or null
 */
public record FusedModelHandle(FusionPipeline.Result result, TrainedNetwork trained, FusionSummary summary,
                               String source) implements FusedModel {
    /** The engine's fused model behind {@code model}; a {@link BadInputException} for any other implementation. */
    public static FusedModelHandle of(FusedModel model) {
        if (model instanceof FusedModelHandle h) {
            return h;
        }
        throw new BadInputException("not a fused model of this engine: " + model);
    }

    @Override
    public NetworkDefinition definition() {
        return result.network().definition();
    }

    public FusedNetwork network() {
        return result.network();
    }

    @Override
    public FusedModelContent content() {
        return FusedContentView.of(network());
    }

    /**
     * The trained network it was fused from, for the comparisons with the float path.
     *
     * @throws BadInputException when it was loaded from a file
     */
    public TrainedNetwork floatNetwork(String purpose) {
        if (trained == null) {
            throw new BadInputException(source + ": " + purpose + " needs the trained model (*.bfm) the fused model "
                    + "was made from; a fused model file holds no float parameters");
        }
        return trained;
    }
}
