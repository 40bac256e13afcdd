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
 * 56x56 (both popcount loops), BitFlow-AlexNet's fc6 (9216 -> 4096) and a bit max-pool. Run with
 * {@link KernelBenchmarksMain}; see docs/benchmarks-kernels.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KernelBenchmarks {
    @Param({"ONE_WORD_PER_PASS", "FOUR_WORDS_PER_PASS"})
    public String loop;

    private final ConvGeometry conv = new ConvGeometry(256, 56, 56, 256, 3, 1, Padding.zero(1));
    private PackedBits convIn;
    private PackedConvWeights convWeights;
    private XnorConv2d xnor;
    private short[] shift;
    private INDArray floatIn;
    private INDArray floatWeights;
    private Conv2DConfig convConfig;

    private PackedBits denseIn;
    private PackedDenseWeights denseWeights;
    private BinaryDense dense;
    private INDArray floatDenseIn;
    private INDArray floatDenseWeights;

    private PackedBits poolIn;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        float[] x = signs(r, 256 * 56 * 56);
        float[] w = signs(r, 256 * 256 * 9);
        convIn = PackedBits.fromSignsChw(x, 256, 56, 56);
        convWeights = PackedConvWeights.fromLatent(w, 256, 256, 3, null);
        xnor = new XnorConv2d(1, null, PopcountLoop.valueOf(loop));
        shift = new short[256];
        floatIn = Nd4j.createFromArray(x).reshape('c', 1, 256, 56, 56);
        floatWeights = Nd4j.createFromArray(w).reshape('c', 256, 256, 3, 3);
        convConfig = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();

        float[] v = signs(r, 9216);
        float[] dw = signs(r, 9216 * 4096);
        denseIn = PackedBits.fromSignsVector(v);
        denseWeights = PackedDenseWeights.fromLatent(dw, 9216, 4096, null);
        dense = new BinaryDense();
        floatDenseIn = Nd4j.createFromArray(v).reshape('c', 1, 9216);
        floatDenseWeights = Nd4j.createFromArray(dw).reshape('c', 9216, 4096);

        poolIn = PackedBits.fromSignsChw(signs(r, 256 * 27 * 27), 256, 27, 27);
    }

    @Benchmark
    public int[] xnorConv3x3x256at56() {
        return xnor.apply(convIn, convWeights, conv);
    }

    @Benchmark
    public PackedBits xnorConvThreshold3x3x256at56() {
        return xnor.applyThreshold(convIn, convWeights, conv, shift, null, null);
    }

    @Benchmark
    public INDArray nd4jConv2d3x3x256at56() {
        return Nd4j.cnn().conv2d(floatIn, floatWeights, convConfig);
    }

    @Benchmark
    public int[] binaryDense9216to4096() {
        return dense.apply(denseIn, denseWeights);
    }

    @Benchmark
    public INDArray nd4jMmul9216to4096() {
        return floatDenseIn.mmul(floatDenseWeights);
    }

    @Benchmark
    public PackedBits bitMaxPool256x27x27() {
        return BitMaxPool.pool(poolIn, 3, 2, null);
    }

    private static float[] signs(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1f : -1f;
        }
        return v;
    }
}
