package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a trainable network, hand-written on ND4J operations (see docs/decisions/0020). Activations
 * are NCHW ([batch, c, h, w]) for spatial layers and [batch, n] for flat ones. {@link #forward} keeps what
 * {@link #backward} needs; {@code backward} writes the parameter gradients into {@link Parameter#gradient()}
 * and returns the gradient with respect to the layer input.
 */
interface TrainLayer {
    String name();

    Shape inputShape();

    Shape outputShape();

    INDArray forward(INDArray x, Pass pass);

    INDArray backward(INDArray gradOut);

    /** The trainable parameters (empty for layers without). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Copies every parameter and statistic of this layer into {@code out}, in ParameterSet conventions. By
     * default the {@link #parameters()} under their own names; layers with more state (BatchNorm's running
     * statistics) override this.
     */
    default void exportTo(ParameterSet out) {
        for (Parameter p : parameters()) {
            out.put(name(), p.name(), Nd4jTensors.toTensor(p.value()));
        }
    }

    /**
     * Loads this layer's parameters from {@code in}; throws naming the layer and parameter on mismatch. By
     * default the {@link #parameters()} under their own names.
     */
    default void importFrom(ParameterSet in) {
        for (Parameter p : parameters()) {
            Nd4jTensors.load(in, name(), p.name(), p.value());
        }
    }
}
