package dev.bitflow.engine.binary;

/**
 * The slow, obvious binary dense layer: {@code s[o] = sum_i a_i * w_io} over ±1 values, one bit at a time
 * (equal bits +1, different bits -1). The fast {@link BinaryDense} is tested against it.
 */
public final class ReferenceBinaryDense {
    public int[] apply(PackedBits in, PackedDenseWeights weights) {
        weights.checkInput(in);
        int[] s = new int[weights.outputs()];
        for (int o = 0; o < weights.outputs(); o++) {
            int sum = 0;
            for (int i = 0; i < weights.inputs(); i++) {
                sum += in.get(0, 0, i) == weights.get(i, o) ? 1 : -1;
            }
            s[o] = sum;
        }
        return s;
    }
}
