package dev.bitflow.engine.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * The fused output layer's sums on the JDK Vector API ({@link OutputLayerVectorKernel}). Compiled for Java 21 with
 * {@code --add-modules jdk.incubator.vector} by its own javac run (engine/pom.xml); loaded by
 * {@link FusedOutputLayer}. Bit-exact with {@link FusedOutputLayer#applyReference} (FusedOutputLayerTest on JDK 25).
 *
 * <p>Per block of 16 outputs, one accumulator vector starts at +0 and takes, input by input in order, the weight row's
 * 16 values with their sign bits flipped where the input is -1 ({@code -w} is {@code w} with its sign bit flipped,
 * IEEE 754 negation): lane {@code j} gets exactly the reference's float32 additions for output {@code j}. A block's
 * last lanes past the last output read no weights (a masked load) and are not stored.
 */
final class VectorOutputLayer implements OutputLayerVectorKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

    @Override
    public boolean fast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public void sums(float[] weights, int inputs, int outputs, long[] words, float[] acc) {
        for (int j0 = 0; j0 < outputs; j0 += S.length()) {
            VectorMask<Float> lanes = S.indexInRange(j0, outputs);
            FloatVector a = FloatVector.zero(S);
            for (int i = 0; i < inputs; i++) {
                int flip = (int) (~(words[i >>> 6] >>> (i & 63)) & 1L) << 31; // input -1: flip the sign
                FloatVector w = FloatVector.fromArray(S, weights, i * outputs + j0, lanes);
                a = a.add(w.reinterpretAsInts().lanewise(XOR, IntVector.broadcast(I, flip)).reinterpretAsFloats());
            }
            a.intoArray(acc, j0, lanes);
        }
    }
}
