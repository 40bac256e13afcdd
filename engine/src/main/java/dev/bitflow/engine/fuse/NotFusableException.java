package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.fusion.FusionProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network cannot be fused exactly. Carries every problem found, each naming the layer and the reason;
 * fusion never approximates instead. A {@link BadInputException}: the CLI exits with code 2.
 */
public final class NotFusableException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private final transient List<FusionProblem> problems;

    public NotFusableException(List<FusionProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public NotFusableException(String layer, String reason) {
        this(List.of(new FusionProblem(layer, reason)));
    }

    public List<FusionProblem> problems() {
        return problems;
    }

    private static String message(List<FusionProblem> problems) {
        if (problems.size() == 1) {
            return "not fusable exactly: " + problems.get(0);
        }
        return "not fusable exactly (" + problems.size() + " problems):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
