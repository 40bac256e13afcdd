package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.fusion.FusionProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The float network of a model is not a finite float32 computation on its inputs ({@link FloatRange}): a value
 * may overflow, or a BatchNorm divides by a zero sigma. Every problem names the layer and the reason. A
 * {@link BadInputException}: the CLI exits with code 2.
 */
public final class FloatNetworkException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private final transient List<FusionProblem> problems;

    public FloatNetworkException(String model, List<FusionProblem> problems) {
        super("model '" + model + "': the float network is not finite in float32 on its inputs: "
                + problems.stream().map(FusionProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FusionProblem> problems() {
        return problems;
    }
}
