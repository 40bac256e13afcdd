package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
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

    /**
     * {@code +1 where x >= 0, -1 where x < 0}, a new array of x's dtype, in two passes: ND4J's sign (which gives 0
     * for 0 and -0), then 0 replaced by +1. A NaN stays NaN, so a diverging value is reported where it arose.
     */
    static INDArray sign(INDArray x) {
        INDArray y = Transforms.sign(x, true);
        BooleanIndexing.replaceWhere(y, 1.0, Conditions.equals(0));
        return y;
    }

    /**
     * The straight-through gradient {@code gradOut * 1{|x| <= 1}} as a new array, in one pass: ND4J's
     * {@code hardtanh_bp}, whose window includes both ends (a latent weight clipped to exactly +-1 keeps its
     * gradient); NaN inputs give 0.
     */
    static INDArray steGradient(INDArray x, INDArray gradOut) {
        INDArray out = gradOut.ulike();
        Nd4j.exec(DynamicCustomOp.builder("hardtanh_bp").addInputs(x, gradOut).addOutputs(out).build());
        return out;
    }
}
