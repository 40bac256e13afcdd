package dev.bitflow.engine.binary;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.BIT_COUNT;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * The binary dense layer on the JDK Vector API ({@link DenseBlockKernel}). Compiled for Java 21 with
 * {@code --add-modules jdk.incubator.vector} by its own javac run (engine/pom.xml); loaded by {@link BinaryDense}.
 * Bit-exact with {@link ReferenceBinaryDense} (BinaryDenseTest on JDK 25).
 *
 * <p>Per block of 64 outputs and four examples, sixteen {@code IntVector} registers count the mismatches
 * {@code popcount(w XOR x)} over every 32-bit half of the input (one {@code vpopcntd} counts 16 outputs); each
 * weight vector is loaded once for the four examples. Remaining examples run one at a time in four registers. The
 * threshold {@code inputs + shift - 2 * acc >= 0} is a vector compare whose 16-lane mask is 16 output bits. Vectors
 * never cross a method boundary (decision 0098: a vector handed to a small method can stay boxed).
 */
final class VectorIntBlockDense implements DenseBlockKernel {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_512;

    @Override
    public boolean fast() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public void thresholds(int[][] x, int count, int[][] blocks, int fromBlock, int toBlock, int inputs, int[] shift,
                           long[][] out) {
        int[] acc = new int[EXAMPLES * BLOCK];
        for (int b = fromBlock; b < toBlock; b++) {
            int e = 0;
            for (; e + EXAMPLES <= count; e += EXAMPLES) {
                fourExamples(blocks[b], x[e], x[e + 1], x[e + 2], x[e + 3], acc);
                for (int j = 0; j < EXAMPLES; j++) {
                    out[e + j][b] = bits(acc, j * BLOCK, inputs, shift, b * BLOCK);
                }
            }
            for (; e < count; e++) {
                oneExample(blocks[b], x[e], acc);
                out[e][b] = bits(acc, 0, inputs, shift, b * BLOCK);
            }
        }
    }

    /** Mismatch counts of one block's 64 outputs for four examples into {@code acc[j * 64 + o]}. */
    private static void fourExamples(int[] wk, int[] x0, int[] x1, int[] x2, int[] x3, int[] acc) {
        IntVector a00 = IntVector.zero(S);
        IntVector a01 = a00;
        IntVector a02 = a00;
        IntVector a03 = a00;
        IntVector a10 = a00;
        IntVector a11 = a00;
        IntVector a12 = a00;
        IntVector a13 = a00;
        IntVector a20 = a00;
        IntVector a21 = a00;
        IntVector a22 = a00;
        IntVector a23 = a00;
        IntVector a30 = a00;
        IntVector a31 = a00;
        IntVector a32 = a00;
        IntVector a33 = a00;
        int halves = x0.length;
        for (int i = 0; i < halves; i++) {
            int o = i * BLOCK;
            IntVector w0 = IntVector.fromArray(S, wk, o);
            IntVector w1 = IntVector.fromArray(S, wk, o + 16);
            IntVector w2 = IntVector.fromArray(S, wk, o + 32);
            IntVector w3 = IntVector.fromArray(S, wk, o + 48);
            IntVector v = IntVector.broadcast(S, x0[i]);
            a00 = a00.add(w0.lanewise(XOR, v).lanewise(BIT_COUNT));
            a01 = a01.add(w1.lanewise(XOR, v).lanewise(BIT_COUNT));
            a02 = a02.add(w2.lanewise(XOR, v).lanewise(BIT_COUNT));
            a03 = a03.add(w3.lanewise(XOR, v).lanewise(BIT_COUNT));
            v = IntVector.broadcast(S, x1[i]);
            a10 = a10.add(w0.lanewise(XOR, v).lanewise(BIT_COUNT));
            a11 = a11.add(w1.lanewise(XOR, v).lanewise(BIT_COUNT));
            a12 = a12.add(w2.lanewise(XOR, v).lanewise(BIT_COUNT));
            a13 = a13.add(w3.lanewise(XOR, v).lanewise(BIT_COUNT));
            v = IntVector.broadcast(S, x2[i]);
            a20 = a20.add(w0.lanewise(XOR, v).lanewise(BIT_COUNT));
            a21 = a21.add(w1.lanewise(XOR, v).lanewise(BIT_COUNT));
            a22 = a22.add(w2.lanewise(XOR, v).lanewise(BIT_COUNT));
            a23 = a23.add(w3.lanewise(XOR, v).lanewise(BIT_COUNT));
            v = IntVector.broadcast(S, x3[i]);
            a30 = a30.add(w0.lanewise(XOR, v).lanewise(BIT_COUNT));
            a31 = a31.add(w1.lanewise(XOR, v).lanewise(BIT_COUNT));
            a32 = a32.add(w2.lanewise(XOR, v).lanewise(BIT_COUNT));
            a33 = a33.add(w3.lanewise(XOR, v).lanewise(BIT_COUNT));
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, 16);
        a02.intoArray(acc, 32);
        a03.intoArray(acc, 48);
        a10.intoArray(acc, 64);
        a11.intoArray(acc, 80);
        a12.intoArray(acc, 96);
        a13.intoArray(acc, 112);
        a20.intoArray(acc, 128);
        a21.intoArray(acc, 144);
        a22.intoArray(acc, 160);
        a23.intoArray(acc, 176);
        a30.intoArray(acc, 192);
        a31.intoArray(acc, 208);
        a32.intoArray(acc, 224);
        a33.intoArray(acc, 240);
    }

    /** Mismatch counts of one block's 64 outputs for one example into {@code acc[0..64)}. */
    private static void oneExample(int[] wk, int[] x, int[] acc) {
        IntVector a0 = IntVector.zero(S);
        IntVector a1 = a0;
        IntVector a2 = a0;
        IntVector a3 = a0;
        for (int i = 0; i < x.length; i++) {
            int o = i * BLOCK;
            IntVector v = IntVector.broadcast(S, x[i]);
            a0 = a0.add(IntVector.fromArray(S, wk, o).lanewise(XOR, v).lanewise(BIT_COUNT));
            a1 = a1.add(IntVector.fromArray(S, wk, o + 16).lanewise(XOR, v).lanewise(BIT_COUNT));
            a2 = a2.add(IntVector.fromArray(S, wk, o + 32).lanewise(XOR, v).lanewise(BIT_COUNT));
            a3 = a3.add(IntVector.fromArray(S, wk, o + 48).lanewise(XOR, v).lanewise(BIT_COUNT));
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, 16);
        a2.intoArray(acc, 32);
        a3.intoArray(acc, 48);
    }

    /** The 64 output bits {@code inputs + shift - 2 * acc >= 0} of the counts at {@code acc[at..]}. */
    private static long bits(int[] acc, int at, int inputs, int[] shift, int o0) {
        long word = 0;
        for (int i = 0; i < BLOCK; i += 16) {
            IntVector a = IntVector.fromArray(S, acc, at + i);
            IntVector t = IntVector.fromArray(S, shift, o0 + i).add(inputs).sub(a.add(a));
            word |= t.compare(GE, 0).toLong() << i;
        }
        return word;
    }
}
