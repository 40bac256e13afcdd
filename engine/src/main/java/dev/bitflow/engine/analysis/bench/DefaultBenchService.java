package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.NativeBackend;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchCase;
import dev.bitflow.engine.api.bench.BenchReport;
import dev.bitflow.engine.api.bench.BenchRequest;
import dev.bitflow.engine.api.bench.BenchService;
import dev.bitflow.engine.api.bench.ModelBenchReport;
import dev.bitflow.engine.api.bench.ModelBenchRequest;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.memory.MemoryBudgetExceededException;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.binary.PopcountLoop;
import dev.bitflow.engine.binary.XnorConv2d;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs bench requests: builds the stages (one layer from a spec, the layers of a definition, or the standard
 * suite), times each stage's float and binary forms on a random input, then the whole network chained.
 * The binary kernels' executor ({@code threads - 1} workers, the calling thread does one share) lives for
 * one request.
 */
public final class DefaultBenchService implements BenchService {
    /** The standard suite's single-layer case, the architecture guide's reference measurement. */
    static final String REFERENCE_LAYER = "conv:256x56x56:k3:s1:p1:o256";

    private final Function<Path, NetworkDefinition> definitionLoader;
    private final DefaultMemoryService memory;
    /** The calling thread's ND4J workspace for the timed float runs ({@link Nd4jOps#inWorkspace}). */
    private static final String FLOAT_WORKSPACE = "bench-float-layer";
    private final Supplier<NativeBackend> floatBackend;
    private final ModelBench modelBench;

    /** Without test data: {@link #runModel} is refused. */
    public DefaultBenchService(Function<Path, NetworkDefinition> definitionLoader, DefaultMemoryService memory,
                               Supplier<NativeBackend> floatBackend) {
        this(definitionLoader, memory, floatBackend, (model, location, split) -> {
            throw new IllegalStateException("this bench service has no data sets");
        });
    }

    /**
     * @param definitionLoader reads a {@code *.bitflow.json} file, throwing BadInputException on bad files
     * @param memory           the budget a bench is held to: stages whose estimate exceeds it are refused before
     *                         allocating
     * @param floatBackend     the native ND4J build the float side runs on, for the report
     * @param testData         the test split of a model's data set ({@code bench MODEL})
     */
    public DefaultBenchService(Function<Path, NetworkDefinition> definitionLoader, DefaultMemoryService memory,
                               Supplier<NativeBackend> floatBackend, ModelBench.TestData testData) {
        this.definitionLoader = definitionLoader;
        this.memory = memory;
        this.floatBackend = floatBackend;
        this.modelBench = new ModelBench(testData, floatBackend, DefaultBenchService::nd4jThreads);
    }

    @Override
    public ModelBenchReport runModel(ModelBenchRequest request, TaskMonitor monitor) {
        try {
            return modelBench.run(request, loadAverage(), cpuModel(), monitor);
        } catch (OutOfMemoryError | RuntimeException e) {
            MemoryBudgetExceededException worded = memory.translate(e, "bench");
            if (worded != null) {
                throw worded;
            }
            throw e;
        }
    }

    @Override
    public BenchReport run(BenchRequest request, TaskMonitor monitor) {
        try {
            return runWithin(request, monitor);
        } catch (OutOfMemoryError | RuntimeException e) {
            MemoryBudgetExceededException worded = memory.translate(e, "bench");
            if (worded != null) {
                throw worded;
            }
            throw e;
        }
    }

    private BenchReport runWithin(BenchRequest request, TaskMonitor monitor) {
        NetworkDefinition definition = null;
        if (request.definition() != null) {
            if (!Files.isRegularFile(request.definition())) {
                throw new BadInputException(request.definition() + ": no such definition file");
            }
            definition = definitionLoader.apply(request.definition());
        }
        double load = loadAverage();
        ExecutorService executor = request.threads() > 1 ? Executors.newFixedThreadPool(request.threads() - 1, r -> {
            Thread t = new Thread(r, "bench-kernel");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            XnorConv2d conv = new XnorConv2d(request.threads(), executor);
            BinaryDense dense = new BinaryDense(request.threads(), executor);
            MedianTimer timer = new MedianTimer(request.warmupRuns(), request.measuredRuns());
            List<BenchCase> cases = new ArrayList<>();
            if (request.layerSpec() != null) {
                monitor.progress(0, "building " + request.layerSpec());
                BenchStage stage = new LayerSpecParser(conv, dense, request.seed(), memory).parse(request.layerSpec());
                cases.add(timeStage(stage, stage.name(), timer, request, monitor));
            } else if (definition != null) {
                BenchPlanner planner = new BenchPlanner(conv, dense, request.seed(), memory);
                List<BenchStage> stages = planner.plan(request.definition().getFileName().toString(), definition.input(),
                        definition.layers());
                timeNetwork(definition.name(), stages, timer, request, monitor, cases);
            } else {
                monitor.progress(0, "building the reference 3x3 256 conv");
                BenchStage reference = new LayerSpecParser(conv, dense, request.seed(), memory).parse(REFERENCE_LAYER);
                cases.add(timeStage(reference, "conv3x3-256x56x56", timer, request, monitor));
                monitor.progress(0.05, "building BitFlow-AlexNet (random weights)");
                List<BenchStage> alexnet = new BenchPlanner(conv, dense, request.seed(), memory)
                        .plan("bitflow-alexnet", BitflowAlexNet.INPUT, BitflowAlexNet.layers());
                timeNetwork("alexnet", alexnet, timer, request, monitor, cases);
            }
            monitor.progress(1, "done");
            return new BenchReport(System.getProperty("java.version"), System.getProperty("java.vm.name"), cpuModel(),
                    Runtime.getRuntime().availableProcessors(), request.threads(), nd4jThreads(), floatBackend.get(),
                    kernelDescription(conv.loop()), load, request.warmupRuns(), cases);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    /** The loop's name, and for the auto-vectorised loops why the Vector API kernel is not in use. */
    private static String kernelDescription(PopcountLoop loop) {
        return loop == PopcountLoop.VECTOR_INT_BLOCKS ? loop.name() : loop.name() + " (" + PopcountLoop.vectorKernelStatus() + ")";
    }

    private void timeNetwork(String prefix, List<BenchStage> stages, MedianTimer timer, BenchRequest request,
                             TaskMonitor monitor, List<BenchCase> cases) {
        for (int i = 0; i < stages.size(); i++) {
            BenchStage stage = stages.get(i);
            monitor.progress(0.1 + 0.7 * i / stages.size(), "timing " + prefix + "/" + stage.name());
            cases.add(timeStage(stage, prefix + "/" + stage.name(), timer, request, monitor));
        }
        monitor.progress(0.8, "timing " + prefix + " end to end");
        INDArray image = stages.get(0).randomFloatInput(request.seed());
        Object binaryImage = stages.get(0).binaryInputFor(image);
        MedianTimer.Timing[] t = timer.time(() -> Nd4jOps.inWorkspace(FLOAT_WORKSPACE, () -> {
            INDArray x = image;
            for (BenchStage s : stages) {
                x = s.runFloat(x);
            }
        }), () -> {
            Object x = binaryImage;
            for (BenchStage s : stages) {
                x = s.runBinary(x);
            }
            return x;
        }, monitor);
        Nd4jOps.destroyWorkspace(FLOAT_WORKSPACE);
        cases.add(toCase(prefix + "/network", stages.size() + " layers end to end, "
                        + stages.get(0).description() + " ... " + stages.get(stages.size() - 1).description(),
                "nd4j ops chained (conv2d, maxpool2d, mmul; BN and sign omitted)",
                "first conv + threshold, XNOR kernels, bit pools, last layer additions", t, request));
    }

    private BenchCase timeStage(BenchStage stage, String name, MedianTimer timer, BenchRequest request,
                                TaskMonitor monitor) {
        INDArray x = stage.randomFloatInput(request.seed());
        Object bits = stage.binaryInputFor(x);
        MedianTimer.Timing[] t = timer.time(() -> Nd4jOps.inWorkspace(FLOAT_WORKSPACE, () -> stage.runFloat(x)),
                () -> stage.runBinary(bits), monitor);
        Nd4jOps.destroyWorkspace(FLOAT_WORKSPACE);
        return toCase(name, stage.description(), stage.floatPath(), stage.binaryPath(), t, request);
    }

    private static BenchCase toCase(String name, String description, String floatPath, String binaryPath,
                                    MedianTimer.Timing[] t, BenchRequest request) {
        return new BenchCase(name, description, floatPath, binaryPath, t[0].medianMs(), t[1].medianMs(),
                t[0].medianMs() / t[1].medianMs(), t[0].minMs(), t[1].minMs(), t[0].medianCpuMs(), t[1].medianCpuMs(),
                request.measuredRuns());
    }

    private static int nd4jThreads() {
        try {
            return Nd4j.getEnvironment().maxThreads();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static double loadAverage() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(text.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
