package dev.bitflow.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All parameters of a trained network, by layer name and parameter name, as plain float arrays.
 *
 * <p>Conventions (shared by training, model files, fusion and analysis):
 * <ul>
 *   <li>{@value #WEIGHTS}: conv [out, in, kh, kw]; dense [in, out]. For binary layers these are the latent
 *       float weights; the binary weight is {@code sign(w)} with sign(0) = +1, and the XNOR-Net scaling
 *       factor is recomputed from them as {@code alpha_c = mean(|W_c|)} (not stored).</li>
 *   <li>{@value #BIAS}: [out].</li>
 *   <li>BatchNorm layers: {@value #GAMMA}, {@value #BETA}, {@value #MEAN}, {@value #VAR} (running
 *       statistics), each [channels].</li>
 * </ul>
 */
public final class ParameterSet {
    public static final String WEIGHTS = "W";
    public static final String BIAS = "b";
    public static final String GAMMA = "gamma";
    public static final String BETA = "beta";
    public static final String MEAN = "mean";
    public static final String VAR = "var";

    private final Map<String, Map<String, Tensor>> byLayer = new LinkedHashMap<>();

    public ParameterSet put(String layer, String param, Tensor value) {
        byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(param, value);
        return this;
    }

    public Optional<Tensor> find(String layer, String param) {
        return Optional.ofNullable(byLayer.getOrDefault(layer, Map.of()).get(param));
    }

    /** The parameter, or an error naming the layer and parameter. */
    public Tensor get(String layer, String param) {
        return find(layer, param).orElseThrow(() -> new IllegalArgumentException(
                "layer '" + layer + "' has no parameter '" + param + "'"));
    }

    /** Layer name -> (parameter name -> tensor), in insertion order, unmodifiable. */
    public Map<String, Map<String, Tensor>> asMap() {
        Map<String, Map<String, Tensor>> copy = new LinkedHashMap<>();
        byLayer.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(v)));
        return Collections.unmodifiableMap(copy);
    }
}
