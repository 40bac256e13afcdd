package dev.bitflow.engine.io;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.ExpectedParameter;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters from outside the workbench (an imported weight file) checked against a definition and put into a
 * {@link ParameterSet}, with every problem named at once rather than the first: a name the definition does not have,
 * the same name twice, a wrong shape, a NaN or infinite value, a negative running variance, a required parameter
 * that is missing. The rules are those of the model files ({@link ParameterShapes}, {@link BfmReader}).
 */
public final class ParameterAssembler {
    /** Problems listed in one message, at most. */
    static final int MAX_LISTED = 50;

    private ParameterAssembler() {
    }

    /** Every parameter {@code definition} needs, in layer order. */
    public static List<ExpectedParameter> expected(NetworkDefinition definition) {
        List<ExpectedParameter> out = new ArrayList<>();
        try {
            ParameterShapes.of(definition).forEach((layer, byName) -> byName.forEach((param, e) ->
                    out.add(new ExpectedParameter(layer, param, e.shape(), e.required()))));
        } catch (ParameterShapes.ShapeException e) {
            throw new BadInputException("definition '" + definition.name() + "': " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The parameter set of {@code definition} from {@code given}.
     *
     * @param source names where the parameters came from, first in every message
     * @throws BadInputException listing every problem
     */
    public static ParameterSet assemble(NetworkDefinition definition, List<ModelParameter> given, String source) {
        return assemble(definition, given, Map.of(), source);
    }

    /**
     * {@link #assemble(NetworkDefinition, List, String)} with the problems a file reader found before, by parameter
     * key or entry name, listed first (a parameter it could not read is not reported missing as well).
     */
    public static ParameterSet assemble(NetworkDefinition definition, List<ModelParameter> given,
                                        Map<String, String> earlierProblems, String source) {
        Map<String, Map<String, ParameterShapes.Expected>> expected;
        try {
            expected = ParameterShapes.of(definition);
        } catch (ParameterShapes.ShapeException e) {
            throw new BadInputException(source + ": definition '" + definition.name() + "': " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        earlierProblems.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> problems.add("'" + e.getKey() + "' " + e.getValue()));
        ParameterSet params = new ParameterSet();
        Set<String> seen = new HashSet<>(earlierProblems.keySet());
        for (ModelParameter p : given) {
            ParameterShapes.Expected e = expected.getOrDefault(p.layer(), Map.of()).get(p.name());
            if (e == null) {
                problems.add("'" + p.key() + "' is not a parameter of the definition"
                        + (expected.containsKey(p.layer()) ? " (layer '" + p.layer() + "' has "
                        + String.join(", ", expected.get(p.layer()).keySet()) + ")"
                        : " (it has no layer '" + p.layer() + "' with parameters)"));
                continue;
            }
            if (!seen.add(p.key())) {
                problems.add("'" + p.key() + "' is given twice");
                continue;
            }
            if (!Arrays.equals(e.shape(), p.shape())) {
                problems.add("'" + p.key() + "' has shape " + Arrays.toString(p.shape()) + ", the definition needs "
                        + Arrays.toString(e.shape()));
                continue;
            }
            Tensor t = new Tensor(p.shape(), p.values());
            String problem = BfmReader.valueProblem(p.name(), t);
            if (problem != null) {
                problems.add("'" + p.key() + "' " + problem);
                continue;
            }
            params.put(p.layer(), p.name(), t);
        }
        for (LayerSpec layer : definition.layers()) {
            for (Map.Entry<String, ParameterShapes.Expected> w : expected.getOrDefault(layer.name(), Map.of())
                    .entrySet()) {
                String key = layer.name() + "/" + w.getKey();
                if (seen.contains(key)) {
                    continue;
                }
                var fallback = ParameterShapes.defaultValue(layer, w.getKey(), w.getValue());
                if (fallback.isPresent()) {
                    params.put(layer.name(), w.getKey(), fallback.get());
                } else {
                    problems.add("'" + key + "' (shape " + Arrays.toString(w.getValue().shape())
                            + ") is missing; layer '" + layer.name() + "' needs it");
                }
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder m = new StringBuilder(source).append(": ").append(problems.size())
                    .append(problems.size() == 1 ? " problem" : " problems").append(" with the weights of '")
                    .append(definition.name()).append("':");
            problems.stream().limit(MAX_LISTED).forEach(p -> m.append("\n  - ").append(p));
            if (problems.size() > MAX_LISTED) {
                m.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
            }
            throw new BadInputException(m.toString());
        }
        // the same order as the definition, whatever the file's order
        ParameterSet ordered = new ParameterSet();
        expected.forEach((layer, byName) -> byName.keySet().forEach(param ->
                params.find(layer, param).ifPresent(t -> ordered.put(layer, param, t))));
        return ordered;
    }
}
