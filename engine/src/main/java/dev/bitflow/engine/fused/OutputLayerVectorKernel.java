package dev.bitflow.engine.fused;

/**
 * The fused output layer's sums on 16-lane float vectors: {@code acc_j = sum_i (bit_i ? +W[i, j] : -W[i, j])}, the
 * same float32 additions in the same input order per output as {@link FusedOutputLayer#applyReference}, 16 outputs
 * side by side. Its one implementation, {@code VectorOutputLayer}, uses the JDK Vector API and lives in
 * {@code src/main/java-vector} (compiled by a JDK 21+ javac, decision 0098); {@link FusedOutputLayer} loads it by name
 * where the JVM can run it.
 */
interface OutputLayerVectorKernel {
    /** Whether this CPU runs the kernel fast (512-bit float vectors preferred by the JVM). */
    boolean fast();

    /**
     * The sums of {@code outputs} outputs over {@code inputs} ±1 inputs (bit {@code i} of {@code words}, 1 for +1)
     * into {@code acc[0..outputs)}; {@code weights[i * outputs + j]}.
     */
    void sums(float[] weights, int inputs, int outputs, long[] words, float[] acc);
}
