package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedBatchRunner;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import dev.bitflow.engine.spi.Split;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fashion-MNIST test-set throughput: fused network (packed bits, XNOR-popcount, BatchShift) vs the float
 * network on ND4J (batched conv2d / maxpool / batchnorm / mmul, the engine's float stack) vs the plain-Java
 * float reference path. Not a unit test: run by hand (docs/benchmarks.md has the command).
 * Args: [model.bfm|random] [threads] [standard|mini|DIR] [twin.bfm]; the fused network runs on {@code threads}
 * threads ({@link FusedBatchRunner}), the float twin (another trained model, for example the float network of the
 * same shape) on ND4J like the unfused one.
 */
public final class FusionThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        String modelArg = args.length > 0 ? args[0] : "random";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        DataLocation location = DataLocation.parse(args.length > 2 ? args[2] : "standard");
        TrainedNetwork net = modelArg.equals("random")
                ? RandomNetworks.randomize(new DefaultDefinitionService().sample("fashion-bcnn"), 1)
                : BfmReader.read(Path.of(modelArg)).model();
        LabeledData data = TestDatasets.service().load(net.definition().dataset(), location, Split.TEST);
        int n = data.count();
        int size = (int) data.exampleShape().size();
        FusedNetwork fused = new FusionPipeline().run(net, TaskMonitor.NONE).network();
        System.out.printf(Locale.ROOT, "model %s, %d test images, %d thread(s), java %s%n", modelArg, n, threads,
                Runtime.version());

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int[] fusedPred = new int[n];
        runFused(fused, data, size, threads, pool, fusedPred); // warm-up
        long[] fusedTimes = new long[3];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            runFused(fused, data, size, threads, pool, fusedPred);
            fusedTimes[r] = System.nanoTime() - t0;
        }
        pool.shutdown();
        Arrays.sort(fusedTimes);
        double fusedMs = fusedTimes[1] / 1e6;

        int[] ndPred = new int[n];
        double ndMs = timeNd4j(new Nd4jFloatNetwork(net), data, ndPred);

        if (args.length > 3) { // the float twin: another trained model, on the same ND4J float stack
            TrainedNetwork twin = BfmReader.read(Path.of(args[3])).model();
            int[] twinPred = new int[n];
            double twinMs = timeNd4j(new Nd4jFloatNetwork(twin), data, twinPred);
            int twinCorrect = 0;
            for (int e = 0; e < n; e++) {
                twinCorrect += twinPred[e] == data.y()[e] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "float twin %s ND4J (batch 100) %8.1f ms  %9.0f images/s  accuracy %.2f%%  (fused / twin %.1fx)%n",
                    args[3], twinMs, n / twinMs * 1000, 100.0 * twinCorrect / n, twinMs / fusedMs);
        }

        FloatReferenceForward ref = new FloatReferenceForward(net);
        int refN = Math.min(n, 1000);
        long t0 = System.nanoTime();
        int refAgree = 0;
        for (int e = 0; e < refN; e++) {
            int p = ref.forward(data.example(e)).prediction();
            refAgree += p == fusedPred[e] ? 1 : 0;
        }
        double refMs = (System.nanoTime() - t0) / 1e6 * n / refN;

        int agree = 0;
        int fusedCorrect = 0;
        int ndCorrect = 0;
        for (int e = 0; e < n; e++) {
            agree += fusedPred[e] == ndPred[e] ? 1 : 0;
            fusedCorrect += fusedPred[e] == data.y()[e] ? 1 : 0;
            ndCorrect += ndPred[e] == data.y()[e] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "fused (bits)          %9.1f ms  %9.0f images/s  accuracy %.2f%%%n", fusedMs,
                n / fusedMs * 1000, 100.0 * fusedCorrect / n);
        System.out.printf(Locale.ROOT, "float ND4J (batch 100) %8.1f ms  %9.0f images/s  accuracy %.2f%%  (speedup of fused %.1fx)%n",
                ndMs, n / ndMs * 1000, 100.0 * ndCorrect / n, ndMs / fusedMs);
        System.out.printf(Locale.ROOT, "float plain Java ref  %9.1f ms  %9.0f images/s  (extrapolated from %d images, 1 thread)%n",
                refMs, n / refMs * 1000, refN);
        System.out.printf(Locale.ROOT, "prediction agreement fused vs ND4J float %d/%d, fused vs reference %d/%d%n", agree, n,
                refAgree, refN);
    }

    /** Median of three timed runs after a warm-up, batch 100, in ms; the predictions into {@code out}. */
    private static double timeNd4j(Nd4jFloatNetwork network, LabeledData data, int[] out) {
        network.predictAll(data, 100); // warm-up
        long[] times = new long[3];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            int[] p = network.predictAll(data, 100);
            times[r] = System.nanoTime() - t0;
            System.arraycopy(p, 0, out, 0, p.length);
        }
        Arrays.sort(times);
        return times[1] / 1e6;
    }

    private static void runFused(FusedNetwork fused, LabeledData data, int size, int threads, ExecutorService pool,
                                 int[] out) {
        float[] all = new float[data.count() * size];
        for (int e = 0; e < data.count(); e++) {
            data.copyExample(e, all, e * size);
        }
        int[] p = new FusedBatchRunner(fused, threads, pool).predict(all, size, data.count());
        System.arraycopy(p, 0, out, 0, p.length);
    }

    /** The unfused network as batched ND4J float ops (binary weights as sign(W) * alpha, sign(0) = +1). */
    static final class Nd4jFloatNetwork {
        private final TrainedNetwork net;
        private final List<Object> ops = new ArrayList<>();

        Nd4jFloatNetwork(TrainedNetwork net) {
            this.net = net;
            Shape shape = net.definition().input();
            for (LayerSpec l : net.definition().layers()) {
                if (l instanceof Conv2dSpec c) {
                    LayerParameters lp = LayerParameters.conv(c, shape.channels(), net.parameters());
                    float[] w = scaled(lp, c.filters());
                    INDArray wt = Nd4j.createFromArray(w).reshape('c', c.filters(), shape.channels(), c.kernel(), c.kernel());
                    Conv2DConfig cfg = Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(c.stride()).sW(c.stride())
                            .pH(c.padding().amount()).pW(c.padding().amount()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                            .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
                    INDArray b = lp.bias() == null ? null : Nd4j.createFromArray(lp.bias());
                    ops.add(new Object[] {"conv", wt, cfg, b});
                    shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(),
                            c.padding().amount()), FloatOps.outSize(shape.width(), c.kernel(), c.stride(), c.padding().amount()));
                } else if (l instanceof DenseSpec d) {
                    LayerParameters lp = LayerParameters.dense(d, (int) shape.size(), net.parameters());
                    float[] w = lp.effectiveWeights().clone();
                    if (lp.alpha() != null) {
                        for (int i = 0; i < w.length; i++) {
                            w[i] *= lp.alpha()[i % d.units()];
                        }
                    }
                    INDArray b = lp.bias() == null ? null : Nd4j.createFromArray(lp.bias()).reshape(1, d.units());
                    ops.add(new Object[] {"dense", Nd4j.createFromArray(w).reshape('c', shape.size(), d.units()), b});
                    shape = Shape.flat(d.units());
                } else if (l instanceof BatchNormSpec bnSpec) {
                    BnParameters bn = LayerParameters.batchNorm(bnSpec, shape.channels(), net.parameters());
                    ops.add(new Object[] {"bn", Nd4j.createFromArray(bn.mean()), Nd4j.createFromArray(bn.var()),
                            Nd4j.createFromArray(bn.gamma()), Nd4j.createFromArray(bn.beta()), (double) bn.epsilon()[0]});
                } else if (l instanceof SignSpec) {
                    ops.add(new Object[] {"sign"});
                } else if (l instanceof ReluSpec) {
                    ops.add(new Object[] {"relu"});
                } else if (l instanceof MaxPoolSpec p) {
                    ops.add(new Object[] {"maxpool", Pooling2DConfig.builder().kH(p.size()).kW(p.size()).sH(p.stride())
                            .sW(p.stride()).pH(0).pW(0).dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false).build()});
                    shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                            FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
                } else if (l instanceof FlattenSpec) {
                    ops.add(new Object[] {"flatten"});
                    shape = Shape.flat((int) shape.size());
                }
            }
        }

        private static float[] scaled(LayerParameters lp, int out) {
            float[] w = lp.effectiveWeights().clone();
            if (lp.alpha() != null) {
                int per = w.length / out;
                for (int i = 0; i < w.length; i++) {
                    w[i] *= lp.alpha()[i / per];
                }
            }
            return w;
        }

        int[] predictAll(LabeledData data, int batch) {
            Shape in = net.definition().input();
            int size = (int) in.size();
            int[] pred = new int[data.count()];
            for (int from = 0; from < data.count(); from += batch) {
                int m = Math.min(batch, data.count() - from);
                INDArray x = Nd4j.createFromArray(TestDatasets.values(data.range(from, from + m)))
                        .reshape('c', m, in.channels(), in.height(), in.width());
                for (Object o : ops) {
                    Object[] op = (Object[]) o;
                    switch ((String) op[0]) {
                        case "conv" -> x = op[3] == null ? Nd4j.cnn().conv2d(x, (INDArray) op[1], (Conv2DConfig) op[2])
                                : Nd4j.cnn().conv2d(x, (INDArray) op[1], (INDArray) op[3], (Conv2DConfig) op[2]);
                        case "dense" -> {
                            x = x.mmul((INDArray) op[1]);
                            if (op[2] != null) {
                                x.addiRowVector((INDArray) op[2]);
                            }
                        }
                        case "bn" -> x = Nd4j.nn().batchNorm(x, (INDArray) op[1], (INDArray) op[2], (INDArray) op[3],
                                (INDArray) op[4], (Double) op[5], 1);
                        case "sign" -> x = x.gte(0).castTo(DataType.FLOAT).muli(2).subi(1);
                        case "relu" -> x = Transforms.relu(x, false);
                        case "maxpool" -> x = Nd4j.cnn().maxPooling2d(x, (Pooling2DConfig) op[1]);
                        case "flatten" -> x = x.reshape('c', m, x.length() / m);
                        default -> throw new IllegalStateException((String) op[0]);
                    }
                }
                INDArray arg = x.argMax(1);
                for (int i = 0; i < m; i++) {
                    pred[from + i] = arg.getInt(i);
                }
            }
            return pred;
        }
    }
}
