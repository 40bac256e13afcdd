package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.VectorApiSupport;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import java.lang.invoke.MethodHandles;

/**
 * The fused last layer: a dense layer on ±1 inputs, computed with additions and subtractions of its weights
 * only, {@code acc_j = sum_i (bit_i ? +W[i, j] : -W[i, j])} in input order (the same sequence of float32
 * additions as the float path's {@code acc += x_i * W[i, j]}, since {@code ±1 * w} is exact), then
 * {@code alpha * acc} and {@code + b} if present, then the BatchNorm after it, if any, in the float path's
 * operation order. Hence the class scores are bit-identical to the float path's whenever the input bits
 * agree. For binary weights {@code weights} are ±1 and acc is the exact integer dot product.
 *
 * @param flattenInput read NHWC bits in channel-major order (a flatten before this layer)
 * @param bn           the BatchNorm after the layer, or null
 */
public record FusedOutputLayer(String name, int inputs, int outputs, float[] weights, float[] alpha, float[] bias,
                               BnParameters bn, boolean flattenInput) implements FusedLayer {
    private static final VectorApiSupport.Loaded<OutputLayerVectorKernel> VECTOR = VectorApiSupport.load(
            MethodHandles.lookup(), "dev.bitflow.engine.fused.VectorOutputLayer", OutputLayerVectorKernel.class,
            OutputLayerVectorKernel::fast, "Vector API output layer", "float");

    /** Whether {@link #apply} sums on the Vector API ({@link OutputLayerVectorKernel}). */
    static boolean usesVectorApi() {
        return VECTOR.kernel() != null;
    }

    /** One line: whether the output layer sums on the Vector API on this JVM, and if not, why. */
    public static String vectorKernelStatus() {
        return VECTOR.status();
    }

    public float[] apply(PackedBits in) {
        float[] scores = new float[outputs];
        apply(in, scores, 0);
        return scores;
    }

    /**
     * The class scores into {@code scores[at..at + outputs)}. Without a branch on each input bit (a coin toss that
     * mispredicts half the time): {@code -W[i, j]} is {@code W[i, j]} with its sign bit flipped (IEEE 754 negation),
     * so the bit only picks whether to flip it, and every {@code acc_j} gets the same float32 additions in the same
     * order as {@link #applyReference}. On Java 21+ the sums run on {@link OutputLayerVectorKernel}: 16 outputs per
     * vector, the same additions per output.
     */
    public void apply(PackedBits in, float[] scores, int at) {
        PackedBits v = flattenInput ? in.flattenChannelMajor() : in;
        if (v.channels() != inputs) {
            throw new IllegalArgumentException(name + ": expected " + inputs + " inputs, got " + v.channels());
        }
        long[] words = v.words();
        float[] acc = new float[outputs];
        if (VECTOR.kernel() != null) {
            VECTOR.kernel().sums(weights, inputs, outputs, words, acc);
        } else {
            scalarSums(words, acc);
        }
        for (int j = 0; j < outputs; j++) {
            acc[j] = FloatOps.scaleAndShift(acc[j], alpha, bias, j);
        }
        System.arraycopy(bn == null ? acc : FloatOps.batchNorm(acc, outputs, 1, bn), 0, scores, at, outputs);
    }

    /** The sums without the Vector API (see {@link #apply(PackedBits, float[], int)}). */
    private void scalarSums(long[] words, float[] acc) {
        for (int i = 0; i < inputs; i++) {
            int row = i * outputs;
            int flip = (int) (~(words[i >>> 6] >>> (i & 63)) & 1L) << 31; // bit 0: flip the sign
            for (int j = 0; j < outputs; j++) {
                acc[j] += Float.intBitsToFloat(Float.floatToRawIntBits(weights[row + j]) ^ flip);
            }
        }
    }

    /** {@link #apply} the slow, obvious way: a branch on each input bit, {@code acc += W} or {@code acc += -W}. */
    public float[] applyReference(PackedBits in) {
        PackedBits v = flattenInput ? in.flattenChannelMajor() : in;
        long[] words = v.words();
        float[] acc = new float[outputs];
        for (int i = 0; i < inputs; i++) {
            int row = i * outputs;
            if (((words[i >>> 6] >>> (i & 63)) & 1L) != 0) {
                for (int j = 0; j < outputs; j++) {
                    acc[j] += weights[row + j];
                }
            } else {
                for (int j = 0; j < outputs; j++) {
                    acc[j] += -weights[row + j];
                }
            }
        }
        for (int j = 0; j < outputs; j++) {
            acc[j] = FloatOps.scaleAndShift(acc[j], alpha, bias, j);
        }
        return bn == null ? acc : FloatOps.batchNorm(acc, outputs, 1, bn);
    }
}
