package dev.bitflow.engine.train;

import dev.bitflow.engine.model.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with heavy-ball momentum {@code mu}: {@code u = mu u + g}, {@code w -= lr u}; then latent binary weights
 * are clipped to [-1, 1].
 */
final class SgdMomentumOptimizer implements ParameterOptimizer {
    private final double momentum;
    private final Map<String, INDArray> velocity = new LinkedHashMap<>();

    SgdMomentumOptimizer(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public void step(List<Parameter> parameters, double lr) {
        for (Parameter p : parameters) {
            INDArray u = velocity.computeIfAbsent(p.key(), k -> p.gradient().ulike().assign(0));
            u.muli(momentum).addi(p.gradient());
            p.value().subi(u.mul(lr));
            if (p.latentBinary()) {
                Clip.unit(p.value());
            }
        }
    }

    @Override
    public Map<String, Tensor> exportState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        velocity.forEach((k, a) -> state.put("sgd/velocity/" + k, Nd4jTensors.toTensor(a)));
        return state;
    }

    @Override
    public void importState(Map<String, Tensor> state, List<Parameter> parameters, long stepsDone) {
        velocity.clear();
        for (Parameter p : parameters) {
            velocity.put(p.key(), Nd4jTensors.toArray(AdamOptimizer.require(state, "sgd/velocity/" + p.key()),
                    p.value().dataType()));
        }
    }

    @Override
    public void checkState(Map<String, Tensor> state, List<Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            ParameterOptimizer.checkEntry(state, "sgd/velocity/" + p.key(), p, false, seen);
        }
        ParameterOptimizer.checkNoOtherEntries(state, seen);
    }
}
