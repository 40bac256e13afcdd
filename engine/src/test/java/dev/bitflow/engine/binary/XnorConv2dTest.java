package dev.bitflow.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fast conv == reference conv == ND4J float conv2d on ±1 data, bit-exact, over a full grid of channel
 * counts (incl. not multiples of 64), kernels, strides and paddings; plus hand-computed padding cases.
 */
class XnorConv2dTest {
    private static final int[] CHANNELS = {1, 3, 63, 64, 65, 130};
    private static final int[] KERNELS = {1, 3, 5, 11};
    private static final int[] STRIDES = {1, 2, 4};
    private static final Padding[] PADDINGS = {Padding.VALID, Padding.zero(1), Padding.zero(2),
        new Padding(PaddingMode.PLUS_ONE, 1), new Padding(PaddingMode.MINUS_ONE, 2)};
    private static final int[] OUT_CHANNELS = {1, 5, 64, 70};

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void fastEqualsReferenceEqualsNd4jOverTheWholeGrid() {
        Random r = new Random(20261126L);
        ReferenceXnorConv2d reference = new ReferenceXnorConv2d();
        List<XnorConv2d> fast = new ArrayList<>();
        for (PopcountLoop loop : PopcountLoop.availableValues()) {
            fast.add(new XnorConv2d(1, null, loop));
        }
        fast.add(new XnorConv2d(3, pool, PopcountLoop.forRunningJvm()));
        int cases = 0;
        List<String> failures = new ArrayList<>();
        for (int c : CHANNELS) {
            for (int k : KERNELS) {
                for (int stride : STRIDES) {
                    for (Padding padding : PADDINGS) {
                        int h = k + r.nextInt(6);
                        int w = k + r.nextInt(9);
                        int outC = OUT_CHANNELS[r.nextInt(OUT_CHANNELS.length)];
                        ConvGeometry g = new ConvGeometry(c, h, w, outC, k, stride, padding);
                        float[] x = TestData.plusMinusOne(r, c * h * w);
                        float[] latent = TestData.latent(r, outC * c * k * k);
                        PackedBits in = PackedBits.fromSignsChw(x, c, h, w);
                        PackedConvWeights weights = PackedConvWeights.fromLatent(latent, outC, c, k, null);

                        int[] expected = FloatOps.conv(x, TestData.signs(latent), g);
                        int[] ref = reference.apply(in, weights, g);
                        if (!java.util.Arrays.equals(ref, expected)) {
                            failures.add("reference " + g);
                        }
                        for (XnorConv2d kernel : fast) {
                            if (!java.util.Arrays.equals(kernel.apply(in, weights, g), expected)) {
                                failures.add(kernel.loop() + "/" + kernel.threads() + "t " + g);
                            }
                        }
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(CHANNELS.length * KERNELS.length * STRIDES.length * PADDINGS.length);
        assertThat(failures).isEmpty();
    }

    @Test
    void zeroPaddingCountsOnlyValidTapsWhilePlusAndMinusOnePaddingUseFullK() {
        // one +1 input pixel, a 3x3 all-+1 filter, padding 1: only the centre tap is inside
        PackedBits in = PackedBits.fromSignsChw(new float[] {1f}, 1, 1, 1);
        PackedConvWeights ones = PackedConvWeights.fromLatent(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, null);
        XnorConv2d fast = new XnorConv2d();
        ReferenceXnorConv2d ref = new ReferenceXnorConv2d();
        for (var kernel : List.<java.util.function.Function<ConvGeometry, int[]>>of(
                g -> fast.apply(in, ones, g), g -> ref.apply(in, ones, g))) {
            assertThat(kernel.apply(new ConvGeometry(1, 1, 1, 1, 3, 1, Padding.zero(1)))).containsExactly(1);
            assertThat(kernel.apply(new ConvGeometry(1, 1, 1, 1, 3, 1, new Padding(PaddingMode.PLUS_ONE, 1))))
                    .containsExactly(9);
            assertThat(kernel.apply(new ConvGeometry(1, 1, 1, 1, 3, 1, new Padding(PaddingMode.MINUS_ONE, 1))))
                    .containsExactly(1 - 8);
        }
    }

    @Test
    void zeroPaddingCornerOfALargerMapUsesFourValidTaps() {
        // 2 channels, 4x4 map all -1, filter all +1, pad 1: the corner output sees 2x2 valid taps -> K_eff = 8
        PackedBits in = PackedBits.zeros(2, 4, 4);
        float[] w = new float[2 * 9];
        java.util.Arrays.fill(w, 0.5f);
        PackedConvWeights weights = PackedConvWeights.fromLatent(w, 1, 2, 3, null);
        ConvGeometry g = new ConvGeometry(2, 4, 4, 1, 3, 1, Padding.zero(1));
        int[] s = new XnorConv2d().apply(in, weights, g);
        assertThat(s[0]).isEqualTo(-8);        // corner: 4 taps x 2 channels, all mismatches
        assertThat(s[1]).isEqualTo(-12);       // edge: 6 taps
        assertThat(s[5]).isEqualTo(-18);       // interior: 9 taps
    }

    @Test
    void fusedThresholdEqualsThresholdOfDotProducts() {
        Random r = new Random(7);
        for (PopcountLoop loop : PopcountLoop.availableValues()) {
            fusedThresholdCases(r, new XnorConv2d(2, pool, loop));
        }
    }

    /**
     * Out-channel counts around the Vector API kernel's 128-channel blocks, its 64-channel last block and 16-lane
     * vectors (the grid's random counts stay below 71), input channels around 32 (where it stops counting the
     * words' high halves): dot products and fused thresholds of every available variant equal the reference, with
     * every padding mode.
     */
    @Test
    void everyVariantIsExactAcrossChannelBlocks() {
        Random r = new Random(128);
        ReferenceXnorConv2d reference = new ReferenceXnorConv2d();
        List<String> failures = new ArrayList<>();
        for (int outC : new int[] {16, 32, 64, 65, 100, 127, 128, 129, 192, 200, 256, 300}) {
            for (int c : new int[] {31, 32, 33, 1 + r.nextInt(140)}) {
                for (Padding padding : PADDINGS) {
                    ConvGeometry g = new ConvGeometry(c, 6, 7, outC, 3, 1 + r.nextInt(2), padding);
                    PackedBits in = randomInput(r, g);
                    PackedConvWeights weights = randomWeights(r, g);
                    short[] shift = randomShifts(r, g);
                    int[] expected = reference.apply(in, weights, g);
                    PackedBits expectedBits = ThresholdPacker.pack(expected, g.outH(), g.outW(), outC, shift, null,
                            null);
                    for (PopcountLoop loop : PopcountLoop.availableValues()) {
                        XnorConv2d fast = new XnorConv2d(2, pool, loop);
                        if (!java.util.Arrays.equals(fast.apply(in, weights, g), expected)) {
                            failures.add(loop + " s " + g);
                        }
                        if (!fast.applyThreshold(in, weights, g, shift, null, null).equals(expectedBits)) {
                            failures.add(loop + " bits " + g);
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The Vector API kernel is used wherever the JVM can run it. The build's second test run (JDK 25 with
     * {@code --add-modules jdk.incubator.vector}, engine/pom.xml) sets {@code bitflow.expectVectorKernel}, so
     * there a kernel that failed to load fails this test instead of passing silently on the slower loops.
     */
    @Test
    void theVectorKernelIsChosenWhereverItRuns() {
        if (Boolean.getBoolean("bitflow.expectVectorKernel")) {
            assertThat(PopcountLoop.VECTOR_INT_BLOCKS.available()).as(PopcountLoop.vectorKernelStatus()).isTrue();
        }
        if (PopcountLoop.VECTOR_INT_BLOCKS.available()) {
            assertThat(PopcountLoop.forRunningJvm()).isEqualTo(PopcountLoop.VECTOR_INT_BLOCKS);
            assertThat(PopcountLoop.vectorKernelStatus()).contains("on");
        } else {
            assertThat(PopcountLoop.availableValues()).doesNotContain(PopcountLoop.VECTOR_INT_BLOCKS);
            assertThatThrownBy(() -> new XnorConv2d(1, null, PopcountLoop.VECTOR_INT_BLOCKS))
                    .hasMessageContaining("not available on this JVM").hasMessageContaining("Vector API kernel off");
        }
    }

    private static PackedBits randomInput(Random r, ConvGeometry g) {
        return PackedBits.fromSignsChw(TestData.plusMinusOne(r, g.inChannels() * g.inH() * g.inW()), g.inChannels(),
                g.inH(), g.inW());
    }

    private static PackedConvWeights randomWeights(Random r, ConvGeometry g) {
        int k = g.kernel();
        return PackedConvWeights.fromLatent(TestData.latent(r, g.outChannels() * g.inChannels() * k * k), g.outChannels(),
                g.inChannels(), k, null);
    }

    /** One shift per out channel in [-K - 1, K + 1], so that some thresholds fall on either side of every s. */
    private static short[] randomShifts(Random r, ConvGeometry g) {
        short[] shift = new short[g.outChannels()];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = (short) (r.nextInt(2 * g.fullK() + 3) - g.fullK() - 1);
        }
        return shift;
    }

    private void fusedThresholdCases(Random r, XnorConv2d fast) {
        for (int c : new int[] {3, 65, 130}) {
            for (Padding padding : PADDINGS) {
                int outC = 1 + r.nextInt(140);
                ConvGeometry g = new ConvGeometry(c, 9, 7, outC, 3, 1 + r.nextInt(2), padding);
                PackedBits in = randomInput(r, g);
                PackedConvWeights weights = randomWeights(r, g);
                short[] shift = randomShifts(r, g);
                long[] constMask = new long[g.outWords()];
                long[] constValue = new long[g.outWords()];
                for (int oc = 0; oc < outC; oc += 7) {
                    constMask[oc >>> 6] |= 1L << (oc & 63);
                    if (r.nextBoolean()) {
                        constValue[oc >>> 6] |= 1L << (oc & 63);
                    }
                }
                int[] s = fast.apply(in, weights, g);
                PackedBits expected = ThresholdPacker.pack(s, g.outH(), g.outW(), outC, shift, constMask, constValue);
                assertThat(fast.applyThreshold(in, weights, g, shift, constMask, constValue)).isEqualTo(expected);
                assertThat(new BinaryConvLayer(weights, shift, constMask, constValue, g).apply(in)).isEqualTo(expected);
                for (int p = 0; p < g.outH() * g.outW(); p++) {
                    for (int oc = 0; oc < outC; oc++) {
                        boolean constant = ((constMask[oc >>> 6] >>> (oc & 63)) & 1L) != 0;
                        boolean want = constant ? ((constValue[oc >>> 6] >>> (oc & 63)) & 1L) != 0
                                : (double) s[p * outC + oc] + shift[oc] >= 0.0;
                        assertThat(expected.get(p / g.outW(), p % g.outW(), oc)).isEqualTo(want);
                    }
                }
            }
        }
    }

    /**
     * A pool on the thresholded bits, taken with the threshold ({@code applyThresholdPooled}): bit for bit the
     * reference conv's dot products thresholded ({@link ThresholdPacker#pack}) and pooled by
     * {@link ReferenceBitMaxPool}, where the conv chooses to pool before the threshold and where it is made to (every
     * shape the Vector API kernel can pool). 2x2 windows of stride 2 and 3 (the Vector API kernel pools their integer
     * sums), overlapping and other windows (pooled as bits); OR and AND channels at random, or AND exactly on the
     * negated filters as fusion makes them (pool before BatchNorm with gamma &lt; 0); constant channels; shifts on
     * either side of every sum; odd map sizes (the pool drops the last row or column), stride-2 convs, every padding
     * mode (border pixels of a zero-padded conv count fewer taps than the pixels they are pooled with), channel counts
     * around the kernel's blocks.
     */
    @Test
    void pooledThresholdEqualsThresholdThenBitPool() {
        Random r = new Random(2222);
        ReferenceXnorConv2d reference = new ReferenceXnorConv2d();
        ReferenceBitMaxPool referencePool = new ReferenceBitMaxPool();
        int[][] poolShapes = {{2, 2}, {2, 2}, {2, 3}, {2, 1}, {3, 3}, {1, 1}};
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int outC : new int[] {5, 16, 64, 65, 100, 128, 129, 200}) {
            for (int c : new int[] {3, 32, 33, 65}) {
                for (Padding padding : PADDINGS) {
                    int stride = 1 + r.nextInt(2);
                    ConvGeometry g = new ConvGeometry(c, 4 + r.nextInt(8), 4 + r.nextInt(8), outC, 3, stride, padding);
                    int[] shape = poolShapes[r.nextInt(poolShapes.length)];
                    if (shape[0] > Math.min(g.outH(), g.outW())) {
                        continue;
                    }
                    boolean[] negate = new boolean[outC];
                    long[] andMask = new long[g.outWords()];
                    long[] constMask = new long[g.outWords()];
                    long[] constValue = new long[g.outWords()];
                    boolean asFused = r.nextBoolean();
                    for (int oc = 0; oc < outC; oc++) {
                        negate[oc] = r.nextInt(3) == 0;
                        andMask[oc >>> 6] |= (asFused ? negate[oc] : r.nextInt(3) == 0) ? 1L << (oc & 63) : 0L;
                        if (r.nextInt(9) == 0) {
                            constMask[oc >>> 6] |= 1L << (oc & 63);
                            constValue[oc >>> 6] |= r.nextBoolean() ? 1L << (oc & 63) : 0L;
                        }
                    }
                    BitMaxPoolLayer bitPool = new BitMaxPoolLayer(shape[0], shape[1],
                            r.nextInt(8) == 0 ? null : andMask);
                    PackedBits in = randomInput(r, g);
                    PackedConvWeights weights = randomWeights(r, g).negated(negate);
                    short[] shift = randomShifts(r, g);
                    PackedBits thresholded = ThresholdPacker.pack(reference.apply(in, weights, g), g.outH(),
                            g.outW(), outC, shift, constMask, constValue);
                    PackedBits expected = referencePool.pool(thresholded, shape[0], shape[1], bitPool.andMask());
                    BinaryConvLayer layer = new BinaryConvLayer(weights, shift, constMask, constValue, g);
                    for (PopcountLoop loop : PopcountLoop.availableValues()) {
                        for (XnorConv2d fast : List.of(new XnorConv2d(1, null, loop), new XnorConv2d(2, pool, loop))) {
                            String name = loop + "/" + fast.threads() + "t " + g + " pool " + shape[0] + "/" + shape[1];
                            if (!layer.applyPooled(in, fast, bitPool).equals(expected)) {
                                failures.add(name);
                            }
                            if (!fast.applyThresholdPooled(in, weights, g, shift, constMask, constValue, bitPool, true)
                                    .equals(expected)) {
                                failures.add(name + " before the threshold");
                            }
                        }
                    }
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(120);
        assertThat(failures).isEmpty();
    }

    /**
     * Thresholded 3x3 convs (the Vector API kernel reads them from a padded input map and corrects zero padding per
     * border class, {@link PaddedConvPlan}), pooled before the threshold and not: bit for bit the reference conv
     * thresholded (and pooled by {@link ReferenceBitMaxPool}). fashion-bcnn's conv2 and conv3 shapes, then random ones:
     * 1-pixel and 1-row maps, odd sizes, strides 1 to 3, padding 0 to 3 in every mode (a padding of 3, with windows of
     * no input pixel, stays on the row kernel: {@link XnorConv2d#paddedMapFor}), channel counts around 16, 32, 64 and 128, negated filters (gamma &lt; 0), constant
     * channels, and each channel's shift set to minus the dot product of a random pixel, plus -1, 0 or 1, so that
     * thresholds fall exactly on border pixels' sums (a bias off by one changes bits).
     */
    @Test
    void thresholdedThreeByThreeConvsAreExactOnEveryBorderClass() {
        Random r = new Random(3333);
        ReferenceXnorConv2d reference = new ReferenceXnorConv2d();
        ReferenceBitMaxPool referencePool = new ReferenceBitMaxPool();
        List<ConvGeometry> shapes = new ArrayList<>(List.of(
                new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)),
                new ConvGeometry(64, 7, 7, 128, 3, 1, Padding.zero(1)),
                new ConvGeometry(5, 1, 1, 3, 3, 1, Padding.zero(1)),
                new ConvGeometry(40, 1, 9, 70, 3, 1, new Padding(PaddingMode.PLUS_ONE, 1)),
                new ConvGeometry(33, 2, 2, 17, 3, 1, Padding.zero(3)),
                new ConvGeometry(33, 1, 2, 17, 3, 2, Padding.zero(2)),
                new ConvGeometry(1, 3, 3, 1, 3, 1, Padding.VALID)));
        int[] channels = {1, 16, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 130, 200};
        PaddingMode[] modes = {PaddingMode.ZERO, PaddingMode.PLUS_ONE, PaddingMode.MINUS_ONE};
        while (shapes.size() < 60) {
            int pad = r.nextInt(4);
            Padding padding = pad == 0 ? Padding.VALID : new Padding(modes[r.nextInt(modes.length)], pad);
            int h = Math.max(1, 3 - 2 * pad) + r.nextInt(10);
            int w = Math.max(1, 3 - 2 * pad) + r.nextInt(10);
            shapes.add(new ConvGeometry(channels[r.nextInt(channels.length)], h, w,
                    channels[r.nextInt(channels.length)], 3, 1 + r.nextInt(3), padding));
        }
        List<XnorConv2d> kernels = new ArrayList<>();
        for (PopcountLoop loop : PopcountLoop.availableValues()) {
            kernels.add(new XnorConv2d(1, null, loop));
        }
        kernels.add(new XnorConv2d(2, pool, PopcountLoop.forRunningJvm()));
        List<String> failures = new ArrayList<>();
        for (ConvGeometry g : shapes) {
            int outC = g.outChannels();
            boolean[] negate = new boolean[outC];
            long[] andMask = new long[g.outWords()];
            long[] constMask = new long[g.outWords()];
            long[] constValue = new long[g.outWords()];
            for (int oc = 0; oc < outC; oc++) {
                negate[oc] = r.nextInt(3) == 0;
                andMask[oc >>> 6] |= negate[oc] ? 1L << (oc & 63) : 0L;
                if (r.nextInt(9) == 0) {
                    constMask[oc >>> 6] |= 1L << (oc & 63);
                    constValue[oc >>> 6] |= r.nextBoolean() ? 1L << (oc & 63) : 0L;
                }
            }
            PackedBits in = randomInput(r, g);
            PackedConvWeights weights = randomWeights(r, g).negated(negate);
            int[] s = reference.apply(in, weights, g);
            short[] shift = new short[outC];
            int pixels = g.outH() * g.outW();
            for (int oc = 0; oc < outC; oc++) {
                int p = r.nextBoolean() ? r.nextInt(pixels) : r.nextBoolean() ? 0 : pixels - 1; // corners often
                shift[oc] = (short) (-s[p * outC + oc] + r.nextInt(3) - 1);
            }
            boolean constants = r.nextBoolean();
            long[] mask = constants ? constMask : null;
            long[] value = constants ? constValue : null;
            PackedBits expected = ThresholdPacker.pack(s, g.outH(), g.outW(), outC, shift, mask, value);
            BitMaxPoolLayer bitPool = new BitMaxPoolLayer(2, 2 + r.nextInt(2), andMask);
            boolean pools = bitPool.disjointTwoByTwoOn(outC, g.outH(), g.outW());
            PackedBits expectedPooled = pools ? referencePool.pool(expected, 2, bitPool.stride(), andMask) : null;
            for (XnorConv2d fast : kernels) {
                String name = fast.loop() + "/" + fast.threads() + "t " + g;
                if (!fast.applyThreshold(in, weights, g, shift, mask, value).equals(expected)) {
                    failures.add(name);
                }
                if (pools && !fast.applyThresholdPooled(in, weights, g, shift, mask, value, bitPool, true)
                        .equals(expectedPooled)) {
                    failures.add(name + " pooled " + bitPool.stride());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The border classes and offsets of a 3x3 conv with padding 1 on a 4x5 map of 64 channels (two halves a pixel). */
    @Test
    void aPaddedConvPlanHasNineBorderClassesAndFixedTapOffsets() {
        ConvGeometry g = new ConvGeometry(64, 4, 5, 2, 3, 1, Padding.zero(1));
        float[] latent = new float[2 * 64 * 9];
        java.util.Arrays.fill(latent, 0, 64 * 9, 1f); // filter 0 all +1, filter 1 all -1
        java.util.Arrays.fill(latent, 64 * 9, latent.length, -1f);
        PackedConvWeights weights = PackedConvWeights.fromLatent(latent, 2, 64, 3, null);
        PaddedConvPlan plan = weights.paddedConvPlan(g);
        assertThat(weights.paddedConvPlan(g)).isSameAs(plan);
        assertThat(plan.tapOffset()).containsExactly(0, 1, 2, 3, 4, 5, 14, 15, 16, 17, 18, 19, 28, 29, 30, 31, 32, 33);
        assertThat(plan.corner()[0]).isZero();
        assertThat(plan.corner()[5 + 2]).isEqualTo((7 + 2) * 2); // pixel (1, 2): padded row 1 of 7 pixels, column 2
        int channels = plan.channels();
        java.util.Set<Integer> classes = new java.util.HashSet<>();
        for (int at : plan.pixelBias()) {
            classes.add(at / channels);
        }
        assertThat(classes).hasSize(9);
        // corner pixel: 4 inside taps, K_eff 256; filter 0 has 64 ones in each of its 5 outside taps, filter 1 none
        assertThat(plan.bias()[plan.pixelBias()[0]]).isEqualTo(4 * 64 + 2 * 5 * 64);
        assertThat(plan.bias()[plan.pixelBias()[0] + 1]).isEqualTo(4 * 64);
        int middle = plan.pixelBias()[5 + 2];
        assertThat(plan.bias()[middle]).isEqualTo(9 * 64);
        assertThat(plan.bias()[middle + 1]).isEqualTo(9 * 64);
        // ±1 padding: the border holds the padding value, no correction
        PaddedConvPlan plusOne = weights.paddedConvPlan(new ConvGeometry(64, 4, 5, 2, 3, 1,
                new Padding(PaddingMode.PLUS_ONE, 1)));
        assertThat(plusOne.bias()[plusOne.pixelBias()[0]]).isEqualTo(9 * 64);
    }

    /**
     * The padded kernels' thresholds are kept for the last shifts ({@link PaddedConvPlan#thresholds}): shifts changed in
     * place, or other shifts of the same length, give the bits of the new shifts.
     */
    @Test
    void changedShiftsAreNotServedFromTheKeptThresholds() {
        Random r = new Random(44);
        ConvGeometry g = new ConvGeometry(64, 7, 7, 128, 3, 1, Padding.zero(1));
        PackedBits in = randomInput(r, g);
        PackedConvWeights weights = randomWeights(r, g);
        int[] s = new ReferenceXnorConv2d().apply(in, weights, g);
        XnorConv2d fast = new XnorConv2d();
        short[] shift = randomShifts(r, g);
        for (int round = 0; round < 4; round++) {
            PackedBits expected = ThresholdPacker.pack(s, g.outH(), g.outW(), g.outChannels(), shift, null, null);
            assertThat(fast.applyThreshold(in, weights, g, shift, null, null)).isEqualTo(expected);
            if (round % 2 == 0) {
                shift[r.nextInt(shift.length)] += 3; // in place
            } else {
                shift = randomShifts(r, g);
            }
        }
    }

    /** Thresholded 3x3 convs with a padding of at most 2 take the padded map; larger paddings and kernels do not. */
    @Test
    void thePaddedMapIsForThreeByThreeKernelsWithSmallPadding() {
        assertThat(XnorConv2d.paddedMapFor(new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)))).isTrue();
        assertThat(XnorConv2d.paddedMapFor(new ConvGeometry(3, 5, 5, 4, 3, 2, new Padding(PaddingMode.MINUS_ONE, 2))))
                .isTrue();
        assertThat(XnorConv2d.paddedMapFor(new ConvGeometry(3, 5, 5, 4, 3, 1, Padding.VALID))).isTrue();
        assertThat(XnorConv2d.paddedMapFor(new ConvGeometry(3, 1, 1, 4, 3, 1000, Padding.zero(1000)))).isFalse();
        assertThat(XnorConv2d.paddedMapFor(new ConvGeometry(3, 5, 5, 4, 5, 1, Padding.zero(2)))).isFalse();
    }

    /** Which convs pool before the threshold: short counts only (fashion-bcnn's conv2, 32 to 64 channels). */
    @Test
    void thePoolGoesBeforeTheThresholdWhereThatIsFaster() {
        BitMaxPoolLayer pool = new BitMaxPoolLayer(2, 2, null);
        XnorConv2d fast = new XnorConv2d();
        boolean vector = fast.loop() == PopcountLoop.VECTOR_INT_BLOCKS;
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)), pool))
                .isEqualTo(vector);
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(32, 15, 15, 5, 3, 2, Padding.VALID),
                new BitMaxPoolLayer(2, 3, null))).isEqualTo(vector);
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(33, 14, 14, 64, 3, 1, Padding.zero(1)), pool)).isFalse();
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(32, 14, 14, 65, 3, 1, Padding.zero(1)), pool)).isFalse();
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)),
                new BitMaxPoolLayer(2, 1, null))).isFalse();
        assertThat(fast.poolsBeforeThreshold(new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)),
                new BitMaxPoolLayer(3, 3, null))).isFalse();
        assertThat(new XnorConv2d(1, null, PopcountLoop.ONE_WORD_PER_PASS)
                .poolsBeforeThreshold(new ConvGeometry(32, 14, 14, 64, 3, 1, Padding.zero(1)), pool)).isFalse();
    }

    @Test
    void negatedWeightsNegateTheDotProduct() {
        Random r = new Random(11);
        ConvGeometry g = new ConvGeometry(65, 6, 6, 9, 3, 1, Padding.zero(1));
        PackedBits in = PackedBits.fromSignsChw(TestData.plusMinusOne(r, 65 * 36), 65, 6, 6);
        float[] latent = TestData.latent(r, 9 * 65 * 9);
        boolean[] flip = new boolean[9];
        for (int i = 0; i < 9; i += 2) {
            flip[i] = true;
        }
        PackedConvWeights plain = PackedConvWeights.fromLatent(latent, 9, 65, 3, null);
        PackedConvWeights negated = plain.negated(flip);
        assertThat(PackedConvWeights.fromLatent(latent, 9, 65, 3, flip).plainBits()).containsExactly(negated.plainBits());
        int[] s = new XnorConv2d().apply(in, plain, g);
        int[] sn = new XnorConv2d().apply(in, negated, g);
        for (int i = 0; i < s.length; i++) {
            assertThat(sn[i]).isEqualTo(flip[i % 9] ? -s[i] : s[i]);
        }
        assertThat(PackedConvWeights.fromPlainBits(negated.plainBits(), 9, 65, 3).plainBits()).containsExactly(negated.plainBits());
    }

    @Test
    void badShapesAreRejectedWithTheProblemNamed() {
        PackedConvWeights w = PackedConvWeights.fromLatent(new float[2 * 3 * 9], 2, 3, 3, null);
        assertThatThrownBy(() -> new XnorConv2d().apply(PackedBits.zeros(4, 5, 5), w,
                new ConvGeometry(3, 5, 5, 2, 3, 1, Padding.VALID))).hasMessageContaining("does not match conv input");
        assertThatThrownBy(() -> new ConvGeometry(3, 2, 2, 2, 5, 1, Padding.VALID)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> PackedConvWeights.fromPlainBits(new long[] {-1L}, 1, 3, 1))
                .hasMessageContaining("unused high bits");
        assertThatThrownBy(() -> new XnorConv2d(2, null)).hasMessageContaining("executor");
    }
}
