package dev.bitflow.engine.train;

import dev.bitflow.engine.model.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba, 2015) with beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 (the Keras/Larq default): at step t
 * (1-based), {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}; then latent binary weights are
 * clipped to [-1, 1].
 *
 * <p>The moments and {@code u = sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)} come from ND4J's fused
 * {@code adam_updater} op (one pass, in place of the gradient), called with a rate of 1 because the op replaces a
 * rate of exactly 0 by epsilon; then {@code w -= lr * u} is one axpy.
 */
final class AdamOptimizer implements ParameterOptimizer {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-7;

    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long t;

    @Override
    public void step(List<Parameter> parameters, double lr) {
        t++;
        for (Parameter p : parameters) {
            INDArray g = p.gradient();
            INDArray mp = m.computeIfAbsent(p.key(), k -> g.ulike().assign(0));
            INDArray vp = v.computeIfAbsent(p.key(), k -> g.ulike().assign(0));
            // in place: g becomes u, vp and mp the new moments; the op counts iterations from 0
            Nd4j.exec(new AdamUpdater(g, vp, mp, 1.0, BETA1, BETA2, EPSILON, Math.toIntExact(t - 1)));
            Nd4j.getBlasWrapper().level1().axpy(g.length(), -lr, g, p.value());
            if (p.latentBinary()) {
                Clip.unit(p.value());
            }
        }
    }

    @Override
    public Map<String, Tensor> exportState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        m.forEach((k, a) -> state.put("adam/m/" + k, Nd4jTensors.toTensor(a)));
        v.forEach((k, a) -> state.put("adam/v/" + k, Nd4jTensors.toTensor(a)));
        return state;
    }

    @Override
    public void importState(Map<String, Tensor> state, List<Parameter> parameters, long stepsDone) {
        t = stepsDone;
        m.clear();
        v.clear();
        for (Parameter p : parameters) {
            m.put(p.key(), Nd4jTensors.toArray(require(state, "adam/m/" + p.key()), p.value().dataType()));
            v.put(p.key(), Nd4jTensors.toArray(require(state, "adam/v/" + p.key()), p.value().dataType()));
        }
    }

    @Override
    public void checkState(Map<String, Tensor> state, List<Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            ParameterOptimizer.checkEntry(state, "adam/m/" + p.key(), p, false, seen);
            ParameterOptimizer.checkEntry(state, "adam/v/" + p.key(), p, true, seen);
        }
        ParameterOptimizer.checkNoOtherEntries(state, seen);
    }

    static Tensor require(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state '" + key + "' is missing from the checkpoint");
        }
        return t;
    }
}
