package dev.bitflow.engine.fusion;

import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.FusedModelHandle;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.EquivalenceVerifier;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.fuse.FusionSummaries;
import dev.bitflow.engine.fuse.StepThroughBuilder;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.io.BffReader;
import dev.bitflow.engine.io.BffWriter;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.FusionPlanner;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.Evaluation;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BatchShift fusion, fused model files, verification and evaluation of fused models. {@link #fuse(TrainedModel,
 * TaskMonitor)} is the only method that runs the fusion pipeline on a trained model; the others take its result
 * (or a loaded file), so a fused model is never fused again.
 */
public final class DefaultFusionService implements FusionService {
    private final DefinitionService definitions;
    private final DefaultDatasetService datasets;

    private final FusionPipeline pipeline;

    public DefaultFusionService(DefinitionService definitions, DefaultDatasetService datasets) {
        this(definitions, datasets, new FusionPipeline());
    }

    /** With another pipeline (tests count the passes it runs). */
    public DefaultFusionService(DefinitionService definitions, DefaultDatasetService datasets, FusionPipeline pipeline) {
        this.definitions = definitions;
        this.datasets = datasets;
        this.pipeline = pipeline;
    }

    @Override
    public List<FusionProblem> check(NetworkDefinition definition) {
        return FusionPlanner.plan(definition).problems();
    }

    @Override
    public FusedModel fuse(TrainedModel model, TaskMonitor monitor) {
        TrainedNetwork net = TrainedNetwork.of(model);
        FusionPipeline.Result r = pipeline.run(net, monitor);
        return new FusedModelHandle(r, net, FusionSummaries.of(r.state(), 0), "fused from " + net.definition().name());
    }

    @Override
    public FusionSummary save(FusedModel model, Path bff, TaskMonitor monitor) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        monitor.checkCancelled();
        try {
            new BffWriter(definitions).write(fused.result(), null, bff);
            return FusionSummaries.of(fused.result().state(), Files.size(bff));
        } catch (IOException e) {
            throw new BadInputException(bff + ": cannot write the fused model: " + e.getMessage(), e);
        }
    }

    @Override
    public FusionSummary fuse(Path bfm, Path bff, TaskMonitor monitor) {
        return save(fuse(readTrained(bfm), monitor), bff, monitor);
    }

    @Override
    public VerificationReport verify(Path bfm, DataLocation data, int limit, TaskMonitor monitor) {
        return verify(fuse(readTrained(bfm), TaskMonitor.NONE), data, limit, monitor);
    }

    private static TrainedNetwork readTrained(Path bfm) {
        try {
            return BfmReader.read(bfm).model();
        } catch (IOException e) {
            throw new BadInputException(bfm + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public FusedModel loadFused(Path bff) {
        try {
            BffReader.Loaded loaded = new BffReader(definitions).read(bff);
            return new FusedModelHandle(new FusionPipeline.Result(loaded.network(), loaded.state()), null,
                    FusionSummaries.of(loaded.state(), Files.size(bff)), loaded.source());
        } catch (IOException e) {
            throw new BadInputException(bff + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public VerificationReport verify(FusedModel model, DataLocation data, int limit, TaskMonitor monitor) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        TrainedNetwork net = fused.floatNetwork("verification");
        LabeledData test = testData(net.definition(), data);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new EquivalenceVerifier(FusedKernels.singleThreaded(), threads).verify(net, fused.result(), test, limit,
                monitor);
    }

    @Override
    public EvaluationResult evaluate(FusedModel model, DataLocation data, TaskMonitor monitor) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        LabeledData test = testData(fused.definition(), data);
        return evaluate(fused.network(), test, monitor);
    }

    /** Accuracy, mean cross-entropy, per-class accuracy and confusion of a fused network on {@code data}. */
    static EvaluationResult evaluate(FusedNetwork network, LabeledData data, TaskMonitor monitor) {
        FusedKernels kernels = FusedKernels.singleThreaded();
        return Evaluation.of(data, x -> network.logits(x, kernels), monitor);
    }

    @Override
    public Predictions predict(FusedModel model, DataLocation data, int limit, boolean layerBits, TaskMonitor monitor) {
        FusedNetwork network = FusedModelHandle.of(model).network();
        LabeledData test = testData(network.definition(), data);
        test.checkFits(network.definition());
        int n = limit <= 0 ? test.count() : Math.min(limit, test.count());
        List<FusionBlock> blocks = FusionPlanner.plan(network.definition()).blocks();
        List<String> siteNames = new ArrayList<>();
        for (FusionBlock b : blocks) {
            if (b.kind() != FusionBlock.Kind.OUTPUT) {
                siteNames.add(network.definition().layers().get(b.lastIndex()).name());
            }
        }
        FusedKernels kernels = FusedKernels.singleThreaded();
        int classes = network.output().outputs();
        int[] labels = new int[n];
        int[] predicted = new int[n];
        float[] scores = new float[n * classes];
        List<List<ActivationMap>> bits = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            if (e % 100 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / n, "running example " + e + " of " + n);
            }
            float[] logits;
            if (layerBits) {
                List<ActivationMap> maps = new ArrayList<>();
                PackedBits x = network.first().apply(test.example(e));
                maps.add(map(siteNames.get(0), network.first().name(), x));
                for (FusedBinaryLayer b : network.binaryLayers()) {
                    x = b.apply(x, kernels.conv(), kernels.dense());
                    maps.add(map(siteNames.get(maps.size()), b.name(), x));
                }
                logits = network.output().apply(x);
                bits.add(maps);
            } else {
                logits = network.logits(test.example(e), kernels);
            }
            labels[e] = test.y()[e];
            predicted[e] = FloatOps.argmax(logits);
            System.arraycopy(logits, 0, scores, e * classes, classes);
        }
        monitor.progress(1.0, "ran " + n + " examples");
        return new Predictions(test.name() + ", first " + n + " examples", classes, labels, predicted, scores, bits);
    }

    private static ActivationMap map(String layer, String block, PackedBits bits) {
        return new ActivationMap(layer, block, bits.channels(), bits.height(), bits.width(),
                bits.flattenChannelMajor().words());
    }

    @Override
    public StepThrough stepThrough(FusedModel model, DataLocation data, int example, String layer, int channel,
                                   int y, int x) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        TrainedNetwork net = fused.floatNetwork("the step-through");
        LabeledData test = testData(net.definition(), data);
        test.checkTestExample(example);
        return new StepThroughBuilder(net, fused.result()).build(test.example(example), example, layer, channel, y, x);
    }

    private LabeledData testData(NetworkDefinition def, DataLocation location) {
        if (def.dataset() == null) {
            throw new BadInputException("model '" + def.name() + "' names no data set");
        }
        return datasets.load(def, location, Split.TEST);
    }
}
