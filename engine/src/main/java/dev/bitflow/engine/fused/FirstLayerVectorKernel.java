package dev.bitflow.engine.fused;

/**
 * The fused conv first layer on 16-lane float vectors: conv, scaling factor and bias, threshold and packing of
 * 16 channels at a time, bit for bit what {@link FirstLayerKernel} computes (the same float32 operations in the same
 * order per channel; the threshold's sign bit read as a vector compare whose lane mask is 16 output bits). Its one
 * implementation, {@code VectorFirstLayer}, uses the JDK Vector API and lives in {@code src/main/java-vector}
 * (compiled by a JDK 21+ javac, decision 0098); {@link FirstLayerKernel} loads it by name where the JVM can run it.
 */
interface FirstLayerVectorKernel {
    /** Channels per vector. */
    int LANES = 16;
    /** Channels per pass: two vectors share each broadcast input value. */
    int CHANNELS_PER_PASS = 2 * LANES;
    /** Output pixels of one row per pass: each weight vector loaded serves four pixels. */
    int PIXELS_PER_PASS = 4;

    /** Whether this CPU runs the kernel fast (512-bit float vectors preferred by the JVM). */
    boolean fast();

    /**
     * All output pixels of the example already copied into {@code padded} ({@link PaddedInput#fill}): bit {@code o}
     * of pixel {@code p} into {@code words[at + p * wordsPerPixel + o / 64]} (which start at 0), then the constant
     * channels. {@code scratch} has {@link #PIXELS_PER_PASS} longs.
     */
    void threshold(FirstLayerPlan plan, float[] padded, long[] words, int at, int wordsPerPixel, long[] scratch);

    /**
     * As {@link #threshold}, with the layer's first pool ({@code pool}, 2x2 windows that do not overlap) taken
     * before the threshold: bit {@code o} of pooled pixel {@code p} into {@code words[p * wordsPerPixel + o / 64]}
     * (which start at 0), one threshold per pooled pixel and channel, then the constant channels. Bit for bit the
     * unpooled bits put through that pool ({@link FirstLayerPool} has the argument). {@code scratch} has
     * {@link #PIXELS_PER_PASS} longs.
     */
    void thresholdPooled(FirstLayerPlan plan, FirstLayerPool pool, float[] padded, long[] words, int wordsPerPixel,
                         long[] scratch);
}
