package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The forward binarisation used by sign activations and binary weights. Production code uses
 * {@link #SIGN}: {@code sign(x) = +1 if x >= 0 else -1} (zero maps to +1). The backward pass is always the
 * straight-through estimator with the hard-tanh window, {@code d sign(x)/dx := 1{|x| <= 1}}, which is the
 * exact derivative of {@code htanh(x) = clip(x, -1, 1)}.
 *
 * <p>The indirection exists for gradient checks: the STE is the exact gradient of the surrogate
 * {@code sign(x0) + htanh(x) - htanh(x0)} around a point {@code x0}, so a test can swap in that surrogate
 * (equal to {@code sign} at {@code x0}) and compare the layer's backward pass with central differences.
 */
@FunctionalInterface
interface SignFunction {
    /** sign with sign(0) = +1, in the dtype of {@code x}. */
    SignFunction SIGN = SignFunction::sign;

    INDArray apply(INDArray x);

    /** {@code +1 where x >= 0, -1 elsewhere}, a new array of x's dtype. */
    static INDArray sign(INDArray x) {
        return x.gte(0).castTo(x.dataType()).muli(2).subi(1);
    }

    /** The STE window {@code 1{|x| <= 1}} as 0/1 values of x's dtype. */
    static INDArray window(INDArray x) {
        return Transforms.abs(x, true).lte(1).castTo(x.dataType());
    }
}
