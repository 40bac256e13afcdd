package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trainable tensor of a layer and its gradient from the last backward pass. The value is stored in the
 * {@link dev.bitflow.engine.model.ParameterSet} layout (conv W [out, in, kh, kw], dense W [in, out]), so
 * export needs no conversion. {@code latentBinary} marks the latent float weights of a binary layer: the
 * optimiser clips them to [-1, 1] after every update and counts their sign flips.
 */
final class Parameter {
    private final String layer;
    private final String name;
    private final INDArray value;
    private final INDArray gradient;
    private final boolean latentBinary;

    Parameter(String layer, String name, INDArray value, boolean latentBinary) {
        this.layer = layer;
        this.name = name;
        this.value = value;
        this.gradient = value.ulike();
        this.latentBinary = latentBinary;
    }

    String layer() {
        return layer;
    }

    String name() {
        return name;
    }

    /** Layer and parameter name, for example {@code bconv2/W}. */
    String key() {
        return layer + "/" + name;
    }

    INDArray value() {
        return value;
    }

    INDArray gradient() {
        return gradient;
    }

    boolean latentBinary() {
        return latentBinary;
    }
}
