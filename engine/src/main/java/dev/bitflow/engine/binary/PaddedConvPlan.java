package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.PaddingMode;

/**
 * Where a conv kernel reads each tap of each output pixel on the padded input map
 * ({@link IntBlockWeights#paddedInputHalves}), and the count bias of each pixel's border class, so that the kernel
 * counts all {@code k * k} taps of every pixel at fixed offsets with no bounds test or padding branch. Depends only on
 * the weights and the geometry; {@link PackedConvWeights#paddedConvPlan} keeps the last one.
 *
 * <p>Offsets are in ints of the padded map ({@code hpt = wordsPerTap * halvesPerWord} ints per pixel, padded width
 * {@code pw = inW + 2 * pad}): pixel {@code p = oy * outW + ox} has its window corner at
 * {@code corner[p] = (oy * stride * pw + ox * stride) * hpt}; its tap half {@code n = (ky * k + kx) * hpt + h} (the
 * order of {@link IntBlockWeights}) is at {@code corner[p] + tapOffset[n]}, {@code tapOffset[n] = (ky * pw + kx) * hpt
 * + h}.
 *
 * <p>Border classes: a pixel's window covers kernel rows {@code [ky0, ky1)} inside the input, {@code ky0 = max(0, -y0)},
 * {@code ky1 = min(k, inH - y0)} for {@code y0 = oy * stride - pad}; rows with the same pair share a row class, and the
 * same for columns. A row class and a column class make a border class: one set of outside taps (3 x 3 = 9 classes for
 * a 3x3 kernel, stride 1, padding 1 on a map of at least 2 x 2).
 *
 * <p>The border of the padded map holds the padding value: all +1 bits for {@link PaddingMode#PLUS_ONE}, all -1 (bits
 * 0) for {@link PaddingMode#MINUS_ONE} and, for {@link PaddingMode#ZERO}, bits 0 as well. Counting all taps on it gives
 * {@code acc_all = acc_inside + sum over the outside taps of popcount(w_tap XOR pad)}. For the ±1 modes that is the
 * count wanted, with {@code K_eff = K = k * k * inC} ({@link ReferenceXnorConv2d}). A zero-padded tap contributes 0 to
 * the dot product, so there {@code acc_inside = acc_all - corr} with {@code corr(class, oc) = sum over the class's
 * outside taps of popcount(w_tap XOR 0) = ones(tap, oc)}, and {@code K_eff(class) = insideTaps(class) * inC}. The dot
 * product is
 * <pre>s = K_eff - 2 * acc_inside = K_eff(class) + 2 * corr(class, oc) - 2 * acc_all = bias(class, oc) - 2 * acc_all</pre>
 * with {@code bias = K_eff + 2 * corr} for zero padding and {@code bias = K} for ±1 padding: exact in ints (every value
 * is at most {@code 3 * K}).
 *
 * <p>The plan holds: {@code tapOffset} per tap half; {@code corner} and {@code pixelBias} (the offset of its class's
 * biases, {@code class * channels}) per output pixel; {@code bias[class * channels + oc]}, 0 past the last out channel
 * ({@code channels}: the out channels rounded up to whole 64-channel blocks, {@link PackedConvWeights#intWordBlocks}); {@code rowTaps} per output row
 * {@code oy}, the tap halves {@code [rowTaps[2 oy], rowTaps[2 oy + 1]) = [ky0 * k * hpt, ky1 * k * hpt)} of the kernel
 * rows inside the input (contiguous in the tap order), and {@code rowSkippedBias}, the biases for a kernel that counts
 * only those ({@link #biases}).
 */
final class PaddedConvPlan {
    private final ConvGeometry geometry;
    private final int[] tapOffset;
    private final int[] corner;
    private final int[] pixelBias;
    private final int[] bias;
    private final int[] rowTaps;
    private final int[] rowSkippedBias;
    private final int channels;
    /** The last thresholds made ({@link #thresholds}); a race makes equal ones twice, which is harmless. */
    private volatile Thresholds last;

    /** Thresholds for one shift, all taps counted or {@code rowsSkipped}. */
    private record Thresholds(short[] shift, boolean rowsSkipped, int[] values) {
    }

    private PaddedConvPlan(ConvGeometry geometry, int[] tapOffset, int[] corner, int[] pixelBias, int[] bias,
                           int[] rowTaps, int[] rowSkippedBias, int channels) {
        this.geometry = geometry;
        this.tapOffset = tapOffset;
        this.corner = corner;
        this.pixelBias = pixelBias;
        this.bias = bias;
        this.rowTaps = rowTaps;
        this.rowSkippedBias = rowSkippedBias;
        this.channels = channels;
    }

    ConvGeometry geometry() {
        return geometry;
    }

    int[] tapOffset() {
        return tapOffset;
    }

    int[] corner() {
        return corner;
    }

    int[] pixelBias() {
        return pixelBias;
    }

    int[] bias() {
        return bias;
    }

    int[] rowTaps() {
        return rowTaps;
    }

    int[] rowSkippedBias() {
        return rowSkippedBias;
    }

    int channels() {
        return channels;
    }

    /** The plan of {@code g} for {@code weights}, with {@code channels >= outChannels} biases per class. */
    static PaddedConvPlan of(PackedConvWeights weights, ConvGeometry g, int channels) {
        int k = g.kernel();
        int hpt = PackedBits.wordsFor(g.inChannels()) * IntBlockWeights.halvesPerWord(g.inChannels());
        int paddedW = g.inW() + 2 * g.pad();
        int[] tapOffset = new int[k * k * hpt];
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                for (int h = 0; h < hpt; h++) {
                    tapOffset[(ky * k + kx) * hpt + h] = (ky * paddedW + kx) * hpt + h;
                }
            }
        }
        int[] rowRanges = new int[2 * g.outH()];
        int[] rowClass = classes(g.outH(), g.inH(), k, g.stride(), g.pad(), rowRanges);
        int[] colRanges = new int[2 * g.outW()];
        int[] colClass = classes(g.outW(), g.inW(), k, g.stride(), g.pad(), colRanges);
        int colClasses = max(colClass) + 1;
        int[] corner = new int[g.outH() * g.outW()];
        int[] pixelBias = new int[corner.length];
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                int p = oy * g.outW() + ox;
                corner[p] = (oy * g.stride() * paddedW + ox * g.stride()) * hpt;
                pixelBias[p] = (rowClass[oy] * colClasses + colClass[ox]) * channels;
            }
        }
        int[] rowTaps = new int[2 * g.outH()];
        for (int oy = 0; oy < g.outH(); oy++) {
            int ky0 = rowRanges[2 * rowClass[oy]];
            int ky1 = Math.max(ky0, rowRanges[2 * rowClass[oy] + 1]);
            rowTaps[2 * oy] = ky0 * k * hpt;
            rowTaps[2 * oy + 1] = ky1 * k * hpt;
        }
        int rowClasses = max(rowClass) + 1;
        int[] ones = weights.onesPerTap();
        return new PaddedConvPlan(g, tapOffset, corner, pixelBias,
                biases(ones, g, channels, rowRanges, rowClasses, colRanges, colClasses, false), rowTaps,
                biases(ones, g, channels, rowRanges, rowClasses, colRanges, colClasses, true), channels);
    }

    /**
     * Per border class and channel the largest count whose output bit is 1, {@code [class * channels + oc]}: the bit is
     * {@code bias - 2 * acc + shift >= 0}, that is {@code acc <= (bias + shift) / 2}, and for an integer {@code acc}
     * {@code acc <= floor((bias + shift) / 2) = (bias + shift) >> 1}; -1 past the last channel (bit 0). For a kernel
     * counting only {@link #rowTaps} if {@code rowsSkipped}, else all taps. The last thresholds are kept (a layer's
     * shifts do not change from one image to the next; they are compared, not trusted). Not copied.
     */
    int[] thresholds(short[] shift, boolean rowsSkipped) {
        Thresholds t = last;
        if (t == null || t.rowsSkipped() != rowsSkipped || !java.util.Arrays.equals(t.shift(), shift)) {
            int[] b = rowsSkipped ? rowSkippedBias : bias;
            int[] values = new int[b.length];
            java.util.Arrays.fill(values, -1);
            for (int at = 0; at < b.length; at += channels) {
                for (int c = 0; c < shift.length; c++) {
                    values[at + c] = (b[at + c] + shift[c]) >> 1;
                }
            }
            t = new Thresholds(shift.clone(), rowsSkipped, values);
            last = t;
        }
        return t.values();
    }

    /**
     * {@code bias(class, oc)} of every border class (class doc). With {@code skipRows} the kernel rows outside the
     * input are not counted at all: for zero padding they are simply left out of the correction, for ±1 padding
     * their taps' {@code popcount(w_tap XOR pad)} (PLUS_ONE: {@code inC - ones}, MINUS_ONE: {@code ones}) is added to
     * the count through the bias, {@code bias = K - 2 * sum over the skipped taps}.
     */
    private static int[] biases(int[] ones, ConvGeometry g, int channels, int[] rowRanges, int rowClasses,
                                int[] colRanges, int colClasses, boolean skipRows) {
        boolean zero = g.paddingMode() == PaddingMode.ZERO || g.paddingMode() == PaddingMode.VALID;
        int k = g.kernel();
        int outC = g.outChannels();
        int[] bias = new int[rowClasses * colClasses * channels];
        for (int rc = 0; rc < rowClasses; rc++) {
            for (int cc = 0; cc < colClasses; cc++) {
                int ky0 = rowRanges[2 * rc];
                int ky1 = rowRanges[2 * rc + 1];
                int kx0 = colRanges[2 * cc];
                int kx1 = colRanges[2 * cc + 1];
                int insideTaps = Math.max(0, ky1 - ky0) * Math.max(0, kx1 - kx0);
                int at = (rc * colClasses + cc) * channels;
                for (int oc = 0; oc < outC; oc++) {
                    int corr = 0; // zero padding: ones of the counted outside taps
                    int skipped = 0; // ±1 padding: popcount(w XOR pad) of the taps not counted
                    for (int ky = 0; ky < k; ky++) {
                        boolean rowInside = ky >= ky0 && ky < ky1;
                        for (int kx = 0; kx < k; kx++) {
                            int tapOnes = ones[(ky * k + kx) * outC + oc];
                            if (skipRows && !rowInside) {
                                skipped += g.paddingMode() == PaddingMode.PLUS_ONE ? g.inChannels() - tapOnes
                                        : tapOnes;
                            } else if (!rowInside || kx < kx0 || kx >= kx1) {
                                corr += tapOnes;
                            }
                        }
                    }
                    bias[at + oc] = zero ? insideTaps * g.inChannels() + 2 * corr : g.fullK() - 2 * skipped;
                }
            }
        }
        return bias;
    }

    /**
     * Per output position along one axis its class, numbered in order of first appearance; {@code ranges[2 * class]}
     * and {@code ranges[2 * class + 1]} receive the class's inside kernel range {@code [k0, k1)}.
     */
    private static int[] classes(int out, int in, int k, int stride, int pad, int[] ranges) {
        int[] cls = new int[out];
        int count = 0;
        for (int o = 0; o < out; o++) {
            int start = o * stride - pad;
            int k0 = Math.max(0, -start);
            int k1 = Math.min(k, in - start);
            int c = 0;
            while (c < count && (ranges[2 * c] != k0 || ranges[2 * c + 1] != k1)) {
                c++;
            }
            if (c == count) {
                ranges[2 * count] = k0;
                ranges[2 * count + 1] = k1;
                count++;
            }
            cls[o] = c;
        }
        return cls;
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
