package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.EvaluationTally;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BatchShift fusion, fused model files, verification and evaluation of fused models. */
public final class DefaultFusionService implements FusionService {
    private final DefinitionService definitions;
    private final DefaultDatasetService datasets;

    public DefaultFusionService(DefinitionService definitions, DefaultDatasetService datasets) {
        this.definitions = definitions;
        this.datasets = datasets;
    }

    @Override
    public List<FusionProblem> check(NetworkDefinition definition) {
        try {
            new BlockPlanner().plan(definition);
            return List.of();
        } catch (NotFusableException e) {
            return e.problems();
        }
    }

    @Override
    public FusionSummary fuse(TrainedModel model, TaskMonitor monitor) {
        FusionPipeline.Result r = new FusionPipeline().run(network(model), monitor);
        return FusionSummaries.of(r.state(), 0);
    }

    @Override
    public FusionSummary fuse(TrainedModel model, Path bff, TaskMonitor monitor) {
        FusionPipeline.Result r = new FusionPipeline().run(network(model), monitor);
        monitor.checkCancelled();
        try {
            new BffWriter(definitions).write(r, null, bff);
            return FusionSummaries.of(r.state(), Files.size(bff));
        } catch (IOException e) {
            throw new BadInputException(bff + ": cannot write the fused model: " + e.getMessage(), e);
        }
    }

    @Override
    public FusionSummary fuse(Path bfm, Path bff, TaskMonitor monitor) {
        return fuse(readTrained(bfm), bff, monitor);
    }

    @Override
    public VerificationReport verify(Path bfm, DataLocation data, int limit, TaskMonitor monitor) {
        return verify(readTrained(bfm), data, limit, monitor);
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
            return new LoadedFusedModel(loaded.network(), FusionSummaries.of(loaded.state(), Files.size(bff)),
                    loaded.source());
        } catch (IOException e) {
            throw new BadInputException(bff + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public VerificationReport verify(TrainedModel model, DataLocation data, int limit, TaskMonitor monitor) {
        TrainedNetwork net = network(model);
        FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        LabeledData test = testData(net.definition(), data);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new EquivalenceVerifier(FusedKernels.singleThreaded(), threads).verify(net, fused, test, limit, monitor);
    }

    @Override
    public EvaluationResult evaluate(FusedModel model, DataLocation data, TaskMonitor monitor) {
        if (!(model instanceof LoadedFusedModel loaded)) {
            throw new BadInputException("not a fused model of this engine: " + model);
        }
        LabeledData test = testData(model.definition(), data);
        return evaluate(loaded.network(), test, monitor);
    }

    /** Accuracy, mean cross-entropy, per-class accuracy and confusion of a fused network on {@code data}. */
    static EvaluationResult evaluate(FusedNetwork network, LabeledData data, TaskMonitor monitor) {
        EvaluationTally tally = new EvaluationTally(data);
        FusedKernels kernels = FusedKernels.singleThreaded();
        for (int e = 0; e < data.count(); e++) {
            if (e % 200 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / data.count(), "evaluating example " + e + " of " + data.count());
            }
            float[] logits = network.logits(data.example(e), kernels);
            tally.add(data.y()[e], FloatOps.argmax(logits));
            tally.addLoss(crossEntropy(logits, data.y()[e]));
        }
        monitor.progress(1.0, "evaluated " + data.count() + " examples");
        return tally.result();
    }

    private static double crossEntropy(float[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return -(logits[label] - max - Math.log(sum));
    }

    @Override
    public StepThrough stepThrough(TrainedModel model, DataLocation data, int example, String layer, int channel,
                                   int y, int x) {
        TrainedNetwork net = network(model);
        LabeledData test = testData(net.definition(), data);
        test.checkTestExample(example);
        return new StepThroughBuilder(net, new FusionPipeline().run(net, TaskMonitor.NONE))
                .build(test.example(example), example, layer, channel, y, x);
    }

    private LabeledData testData(NetworkDefinition def, DataLocation location) {
        if (def.dataset() == null) {
            throw new BadInputException("model '" + def.name() + "' names no data set");
        }
        return datasets.load(def, location, Split.TEST);
    }

    private static TrainedNetwork network(TrainedModel model) {
        if (model instanceof TrainedNetwork n) {
            return n;
        }
        throw new BadInputException("not a trained model of this engine: " + model);
    }

    /** A fused network loaded from a file. */
    record LoadedFusedModel(FusedNetwork network, FusionSummary summary, String source) implements FusedModel {
        @Override
        public NetworkDefinition definition() {
            return network.definition();
        }
    }
}
