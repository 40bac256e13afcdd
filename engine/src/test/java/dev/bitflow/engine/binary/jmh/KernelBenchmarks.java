package dev.bitflow.engine.binary.jmh;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.BitMaxPool;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.PackedDenseWeights;
import dev.bitflow.engine.binary.PopcountLoop;
import dev.bitflow.engine.binary.XnorConv2d;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the key kernels against ND4J's float ops on the same shapes: the 3x3 256->256 conv at
 * 56x56 (the auto-vectorised popcount loops; {@code -p loop=VECTOR_INT_BLOCKS} on JDK 21+ with the incubator
 * module), BitFlow-AlexNet's fc6 (9216 -> 4096) and a bit max-pool. Run with
 * {@link KernelBenchmarksMain}; see docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KernelBenchmarks {
    /** The 3x3 256->256 conv at 56x56, zero padding 1: binary (per popcount loop) and ND4J float. */
    @State(Scope.Benchmark)
    public static class Conv {
        @Param({"ONE_WORD_PER_PASS", "FOUR_WORDS_PER_PASS", "INT_ROWS_FOUR_HALVES_PER_PASS"})
        public String loop;

        final ConvGeometry geometry = new ConvGeometry(256, 56, 56, 256, 3, 1, Padding.zero(1));
        PackedBits in;
        PackedConvWeights weights;
        XnorConv2d kernel;
        short[] shift;
        int[] out;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(42);
            in = PackedBits.fromSignsChw(signs(r, 256 * 56 * 56), 256, 56, 56);
            weights = PackedConvWeights.fromLatent(signs(r, 256 * 256 * 9), 256, 256, 3, null);
            kernel = new XnorConv2d(1, null, PopcountLoop.valueOf(loop));
            shift = new short[256];
            out = new int[56 * 56 * 256];
        }
    }

    /** The same conv as ND4J float conv2d (NCHW, OIYX). */
    @State(Scope.Benchmark)
    public static class FloatConv {
        INDArray in;
        INDArray weights;
        Conv2DConfig config;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(42);
            in = Nd4j.createFromArray(signs(r, 256 * 56 * 56)).reshape('c', 1, 256, 56, 56);
            weights = Nd4j.createFromArray(signs(r, 256 * 256 * 9)).reshape('c', 256, 256, 3, 3);
            config = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
        }
    }

    /** BitFlow-AlexNet's fc6, 9216 -> 4096: binary and ND4J mmul. */
    @State(Scope.Benchmark)
    public static class Dense {
        PackedBits in;
        PackedDenseWeights weights;
        BinaryDense kernel = new BinaryDense();
        INDArray floatIn;
        INDArray floatWeights;

        @Setup
        public void setUp() {
            SplittableRandom r = new SplittableRandom(7);
            float[] v = signs(r, 9216);
            float[] w = signs(r, 9216 * 4096);
            in = PackedBits.fromSignsVector(v);
            weights = PackedDenseWeights.fromLatent(w, 9216, 4096, null);
            floatIn = Nd4j.createFromArray(v).reshape('c', 1, 9216);
            floatWeights = Nd4j.createFromArray(w).reshape('c', 9216, 4096);
        }
    }

    /** A 256x27x27 map for the 3/2 bit max-pool. */
    @State(Scope.Benchmark)
    public static class Pool {
        PackedBits in;

        @Setup
        public void setUp() {
            in = PackedBits.fromSignsChw(signs(new SplittableRandom(3), 256 * 27 * 27), 256, 27, 27);
        }
    }

    @Benchmark
    public int[] xnorConv3x3x256at56(Conv c) {
        c.kernel.apply(c.in, c.weights, c.geometry, c.out);
        return c.out;
    }

    @Benchmark
    public PackedBits xnorConvThreshold3x3x256at56(Conv c) {
        return c.kernel.applyThreshold(c.in, c.weights, c.geometry, c.shift, null, null);
    }

    @Benchmark
    public INDArray nd4jConv2d3x3x256at56(FloatConv c) {
        return Nd4j.cnn().conv2d(c.in, c.weights, c.config);
    }

    @Benchmark
    public int[] binaryDense9216to4096(Dense d) {
        return d.kernel.apply(d.in, d.weights);
    }

    @Benchmark
    public INDArray nd4jMmul9216to4096(Dense d) {
        return d.floatIn.mmul(d.floatWeights);
    }

    @Benchmark
    public PackedBits bitMaxPool256x27x27(Pool p) {
        return BitMaxPool.pool(p.in, 3, 2, null);
    }

    static float[] signs(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1f : -1f;
        }
        return v;
    }
}
