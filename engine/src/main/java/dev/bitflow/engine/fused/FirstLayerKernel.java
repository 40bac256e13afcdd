package dev.bitflow.engine.fused;

import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.VectorApiSupport;
import dev.bitflow.engine.reference.FloatOps;

/**
 * The fused first layer's fast forms: conv, scaling factor and bias, the folded BatchNorm + sign threshold and the
 * bit packing, bit for bit what {@link FusedFirstLayer#threshold} makes of {@link FusedFirstLayer#preThreshold} (the
 * slow, obvious form they are tested against).
 *
 * <p><b>Same float32 operations.</b> The scalar loop below runs one output pixel at a time. Per output pixel it keeps
 * one accumulator per output channel and walks the taps in the reference order (input channel, kernel row, kernel
 * column), adding {@code w * x} as a float32 multiply and a float32 add and skipping zero-padded taps, then applies
 * {@link FloatOps#scaleAndShift}; only the loop nest differs (out channels innermost, over weights stored tap-major),
 * which changes no output's sequence of roundings.
 *
 * <p><b>The threshold as a sign bit.</b> With {@code y' = y + 0f} (which turns -0 into +0 and changes nothing else)
 * and the threshold {@code t' = t + 0f}, for finite {@code y} (the float network's finite range, decision 0054):
 * {@code y >= t} iff the sign bit of {@code y' - t'} is 0, and {@code y <= t} iff the sign bit of
 * {@code (-y') - (-t')} is 0. Round-to-nearest keeps the sign of a non-zero exact difference, gradual underflow
 * makes a difference 0 only for equal operands, and then the result is +0. So with {@code s = +1} (or {@code -1}
 * for channels whose test is {@code <=}) the bit is {@code 1 - signbit(s * y' - s * t')}: one multiply, one
 * subtract and no branch per value. Infinite thresholds give the right bit too; constant channels are overwritten.
 *
 * <p><b>Three loops</b> ({@link Loop}). Where the JVM can run it (Java 21+ with {@code jdk.incubator.vector}, a 512-bit
 * CPU, the class compiled into the build), a conv layer runs on {@link FirstLayerVectorKernel}
 * ({@code VectorFirstLayer}): the same operations 16 channels at a time, the threshold as a vector compare whose lane
 * mask is 16 output bits. Elsewhere (Java 17) a conv layer runs on {@link FirstLayerPlanes}: the same operations over
 * whole planes of output pixels, in loops C2 vectorises by itself. A dense layer, and a conv with zero padding and a
 * non-finite weight (the padded buffer both use would add {@code inf * 0}), run the scalar loop below, the obvious
 * form the others are checked against. All three are tested bit-exact against {@link FusedFirstLayer#applyReference}.
 * The Vector API loop takes a first pool of 2x2 windows that do not overlap before the threshold
 * ({@link FirstLayerPool}).
 *
 * <p>Instances hold derived weights and scratch space: one per thread.
 */
public final class FirstLayerKernel {
    private static final String VECTOR_CLASS = "dev.bitflow.engine.fused.VectorFirstLayer";
    private static final VectorApiSupport.Loaded<FirstLayerVectorKernel> VECTOR = VectorApiSupport.load(
            java.lang.invoke.MethodHandles.lookup(), VECTOR_CLASS,
            FirstLayerVectorKernel.class, FirstLayerVectorKernel::fast, "Vector API first layer", "float");

    private final FusedFirstLayer layer;
    private final int outH;
    private final int outW;
    private final int taps;
    /** {@code weightRows[tap][o]}: tap = (i * k + ky) * k + kx, out channel innermost (one array per tap). */
    private final float[][] weightRows;
    private final float[] sign;
    private final float[] signedThreshold;
    private final long[] constMask;
    private final long[] constValue;
    private final float[] acc;
    /** The loop that runs, and why no faster one does. */
    private final Loop loop;
    private final String loopStatus;
    /** The Vector API loop and its layout, or null. */
    private final FirstLayerVectorKernel vector;
    private final FirstLayerPlan plan;
    /** The first pool, taken before the threshold by {@link #vector}, or null ({@link FirstLayerPool#of}). */
    private final FirstLayerPool pool;
    /** The padded input and the bits of one pass for {@link #vector} (null without it). */
    private final float[] padded;
    private final long[] scratch;
    /** The planes loop, or null. */
    private final FirstLayerPlanes planes;
    /** The thresholded bits before the pools, reused by {@link #apply(float[], int)}. */
    private final PackedBits unpooled;

    /** The first layer's loops, fastest last. */
    enum Loop {
        /** One output pixel at a time, out channels innermost: the obvious form. */
        SCALAR("scalar loop"),
        /** {@link FirstLayerPlanes}: whole planes of output pixels, vectorised by C2 (Java 17). */
        PLANES("planes loop"),
        /** {@code VectorFirstLayer}: the Vector API (Java 21+ with {@code jdk.incubator.vector}, 512-bit CPU). */
        VECTOR_API("Vector API loop");

        private final String label;

        Loop(String label) {
            this.label = label;
        }

        /** Its name in a status line, e.g. "planes loop". */
        String label() {
            return label;
        }
    }

    /** The fastest loop this JVM runs for this layer. */
    public FirstLayerKernel(FusedFirstLayer layer) {
        this(layer, Loop.VECTOR_API);
    }

    /** The fastest loop this JVM runs for this layer that is no faster than {@code fastest} (tests, benchmarks). */
    FirstLayerKernel(FusedFirstLayer layer, Loop fastest) {
        this.layer = layer;
        int c = layer.outChannels();
        this.outH = layer.conv() ? FloatOps.outSize(layer.inH(), layer.kernel(), layer.stride(), layer.padding().amount()) : 1;
        this.outW = layer.conv() ? FloatOps.outSize(layer.inW(), layer.kernel(), layer.stride(), layer.padding().amount()) : 1;
        int k = layer.kernel();
        this.taps = layer.conv() ? layer.inChannels() * k * k : 0;
        this.weightRows = new float[taps][c];
        for (int o = 0; o < c && layer.conv(); o++) {
            for (int tap = 0; tap < taps; tap++) {
                weightRows[tap][o] = layer.weights()[o * taps + tap];
            }
        }
        FloatThreshold t = layer.threshold();
        this.sign = new float[c];
        this.signedThreshold = new float[c];
        int words = PackedBits.wordsFor(c);
        this.constMask = new long[words];
        this.constValue = new long[words];
        for (int o = 0; o < c; o++) {
            sign[o] = t.below()[o] ? -1f : 1f;
            signedThreshold[o] = sign[o] * (t.threshold()[o] + 0f);
            if (t.constant()[o]) {
                constMask[o >>> 6] |= 1L << (o & 63);
                if (t.constantValue()[o]) {
                    constValue[o >>> 6] |= 1L << (o & 63);
                }
            }
        }
        this.acc = new float[c];
        String bufferProblem = !layer.conv() ? "a dense layer"
                : PaddedInput.exactFor(padValue(), layer.weights()) ? null
                : "zero padding with a non-finite weight (a padded buffer would add inf * 0)";
        boolean vectorRuns = fastest == Loop.VECTOR_API && VECTOR.kernel() != null && bufferProblem == null;
        boolean planesRuns = !vectorRuns && fastest.compareTo(Loop.PLANES) >= 0 && bufferProblem == null;
        this.loop = vectorRuns ? Loop.VECTOR_API : planesRuns ? Loop.PLANES : Loop.SCALAR;
        this.loopStatus = loop.label() + (loop == Loop.VECTOR_API ? ""
                : loop == fastest ? " (as asked)"
                : loop == Loop.PLANES ? " (" + VECTOR.status() + ")"
                : " (" + bufferProblem + ")");
        this.plan = vectorRuns ? plan() : null;
        this.vector = vectorRuns ? VECTOR.kernel() : null;
        this.pool = vectorRuns && !layer.pools().isEmpty()
                ? FirstLayerPool.of(layer.pools().get(0), outH, outW, plan) : null;
        this.padded = vectorRuns ? plan.input().newBuffer() : null;
        this.scratch = vectorRuns ? new long[FirstLayerVectorKernel.PIXELS_PER_PASS] : null;
        this.planes = planesRuns
                ? new FirstLayerPlanes(layer, padValue(), outH, outW, sign, signedThreshold, constMask, constValue)
                : null;
        this.unpooled = PackedBits.zeros(c, outH, outW);
    }

    /** Whether this kernel takes the layer's first pool before the threshold ({@link FirstLayerPool}). */
    boolean poolsBeforeThreshold() {
        return pool != null;
    }

    /** The loop this kernel runs. */
    Loop loop() {
        return loop;
    }

    /** Whether this kernel runs the Vector API loop. */
    boolean usesVectorApi() {
        return loop == Loop.VECTOR_API;
    }

    /** One line: which loop this kernel runs and why no faster one does. */
    public String loopStatus() {
        return loopStatus;
    }

    /** The value of a padded tap: 1 or -1 for ±1 padding, 0 for zero padding (and none). */
    private float padValue() {
        PaddingMode mode = layer.padding().mode();
        return mode == PaddingMode.PLUS_ONE ? 1f : mode == PaddingMode.MINUS_ONE ? -1f : 0f;
    }

    /** One line: whether the Vector API first layer is in use on this JVM, and if not, why. */
    public static String vectorKernelStatus() {
        return VECTOR.status();
    }

    /**
     * The layer padded to whole passes of channels for {@link #vector}, its input to a padded buffer (which must be
     * exact: {@link PaddedInput#exactFor}).
     */
    private FirstLayerPlan plan() {
        int c = layer.outChannels();
        int perPass = FirstLayerVectorKernel.CHANNELS_PER_PASS;
        int paddedC = (c + perPass - 1) / perPass * perPass;
        int k = layer.kernel();
        PaddedInput input = new PaddedInput(layer.inChannels(), layer.inH(), layer.inW(), layer.padding().amount(),
                padValue(), (FirstLayerVectorKernel.PIXELS_PER_PASS - 1) * layer.stride());
        int[] tapOffset = new int[taps];
        for (int i = 0, tap = 0; i < layer.inChannels(); i++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++, tap++) {
                    tapOffset[tap] = input.tapOffset(i, ky, kx);
                }
            }
        }
        float[] weights = new float[taps * paddedC];
        for (int tap = 0; tap < taps; tap++) {
            System.arraycopy(weightRows[tap], 0, weights, tap * paddedC, c);
        }
        float[] alpha = layer.alpha() == null ? null : extended(layer.alpha(), paddedC, 1f);
        float[] bias = layer.bias() == null ? null : extended(layer.bias(), paddedC, 0f);
        long[] belowMask = new long[PackedBits.wordsFor(paddedC)];
        for (int o = 0; o < c; o++) {
            if (layer.threshold().below()[o]) {
                belowMask[o >>> 6] |= 1L << (o & 63);
            }
        }
        return new FirstLayerPlan(input, k, layer.stride(), outH, outW, c, paddedC, tapOffset, weights, alpha, bias,
                extended(sign, paddedC, 1f), extended(signedThreshold, paddedC, Float.POSITIVE_INFINITY),
                extended(layer.threshold().threshold(), paddedC, Float.POSITIVE_INFINITY), belowMask, constMask,
                constValue);
    }

    private static float[] extended(float[] values, int length, float fill) {
        float[] out = java.util.Arrays.copyOf(values, length);
        java.util.Arrays.fill(out, values.length, length, fill);
        return out;
    }

    /** The thresholded bits before pooling, equal to {@code layer.threshold(layer.preThreshold(x))}. */
    public PackedBits threshold(float[] x) {
        return threshold(x, 0);
    }

    /** {@link #threshold(float[])} of the example that starts at {@code x[offset]}. */
    public PackedBits threshold(float[] x, int offset) {
        PackedBits out = PackedBits.zeros(layer.outChannels(), outH, outW);
        threshold(x, offset, out);
        return out;
    }

    /** {@link #threshold(float[], int)} into {@code out}, whose words are all 0. */
    private void threshold(float[] x, int offset, PackedBits out) {
        if (!layer.conv()) {
            int n = layer.inChannels() * layer.inH() * layer.inW();
            float[] y = layer.preThreshold(offset == 0 && x.length == n ? x : java.util.Arrays.copyOfRange(x, offset, offset + n));
            packPixel(y, out.words(), 0);
            return;
        }
        long[] words = out.words();
        int wpp = out.wordsPerPixel();
        if (vector != null) {
            plan.input().fill(x, offset, padded);
            vector.threshold(plan, padded, words, 0, wpp, scratch);
            return;
        }
        if (planes != null) {
            int left = planes.threshold(x, offset, words);
            int[] pixels = planes.redo();
            for (int i = 0; i < left; i++) {
                scalarPixel(x, offset, pixels[i] / outW, pixels[i] % outW, words, wpp);
            }
            return;
        }
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                scalarPixel(x, offset, oy, ox, words, wpp);
            }
        }
    }

    /** The scalar loop's output pixel {@code (oy, ox)}: its words, all of them written. */
    private void scalarPixel(float[] x, int offset, int oy, int ox, long[] words, int wpp) {
        int c = layer.outChannels();
        int k = layer.kernel();
        int stride = layer.stride();
        int pad = layer.padding().amount();
        int inH = layer.inH();
        int inW = layer.inW();
        int inC = layer.inChannels();
        float padValue = padValue();
        boolean skipPad = padValue == 0f;
        float[] a = acc;
        java.util.Arrays.fill(a, 0f);
        int tap = 0;
        for (int i = 0; i < inC; i++) {
            for (int ky = 0; ky < k; ky++) {
                int iy = oy * stride - pad + ky;
                boolean rowInside = iy >= 0 && iy < inH;
                for (int kx = 0; kx < k; kx++, tap++) {
                    int ix = ox * stride - pad + kx;
                    float xv;
                    if (rowInside && ix >= 0 && ix < inW) {
                        xv = x[offset + (i * inH + iy) * inW + ix];
                    } else if (skipPad) {
                        continue; // a zero-padded tap adds nothing
                    } else {
                        xv = padValue;
                    }
                    float[] row = weightRows[tap];
                    for (int o = 0; o < c; o++) {
                        a[o] += row[o] * xv;
                    }
                }
            }
        }
        for (int o = 0; o < c; o++) {
            a[o] = FloatOps.scaleAndShift(a[o], layer.alpha(), layer.bias(), o);
        }
        packPixel(a, words, (oy * outW + ox) * wpp);
    }

    /** Bits of one pixel's channel values {@code y[0..C)} into {@code words[at..]} (see the class comment). */
    private void packPixel(float[] y, long[] words, int at) {
        int c = y.length;
        for (int w = 0; w * 64 < c; w++) {
            long bits = 0;
            int end = Math.min(c, w * 64 + 64);
            for (int o = w * 64; o < end; o++) {
                float d = sign[o] * (y[o] + 0f) - signedThreshold[o];
                bits |= (long) ((Float.floatToRawIntBits(d) >>> 31) ^ 1) << (o & 63);
            }
            words[at + w] = (bits & ~constMask[w]) | constValue[w];
        }
    }

    /** The layer's bits after its pools. */
    public PackedBits apply(float[] x) {
        return apply(x, 0);
    }

    /** {@link #apply(float[])} of the example that starts at {@code x[offset]}. */
    public PackedBits apply(float[] x, int offset) {
        if (layer.pools().isEmpty()) {
            return threshold(x, offset);
        }
        if (pool != null) {
            PackedBits bits = PackedBits.zeros(layer.outChannels(), pool.outH(), pool.outW());
            plan.input().fill(x, offset, padded);
            vector.thresholdPooled(plan, pool, padded, bits.words(), bits.wordsPerPixel(), scratch);
            for (var p : layer.pools().subList(1, layer.pools().size())) {
                bits = p.apply(bits);
            }
            return bits;
        }
        // the bits before the first pool go to this kernel's own map (kernels are one per thread), not a new one
        java.util.Arrays.fill(unpooled.words(), 0L);
        threshold(x, offset, unpooled);
        PackedBits bits = unpooled;
        for (var p : layer.pools()) {
            bits = p.apply(bits);
        }
        return bits;
    }
}
