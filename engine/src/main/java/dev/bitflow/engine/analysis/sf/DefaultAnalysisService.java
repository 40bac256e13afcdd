package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.analysis.activations.ActivationAnalyzer;
import dev.bitflow.engine.analysis.activations.ActivationProbe;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.analysis.AnalysisService;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfReportOptions;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.FusedModelHandle;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/** The engine's {@link AnalysisService}: the SF cancellation report and the activations, on the model's data set. */
public final class DefaultAnalysisService implements AnalysisService {
    private final DefaultDatasetService datasets;

    public DefaultAnalysisService(DefaultDatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public SfReport sfReport(TrainedModel model, DataLocation data, SfReportOptions options, TaskMonitor monitor) {
        TrainedNetwork net = TrainedNetwork.of(model);
        SfCancellationAnalyzer analyzer = new SfCancellationAnalyzer(net);
        NetworkDefinition def = net.definition();
        if (def.dataset() == null) {
            throw new BadInputException("model '" + def.name() + "' names no data set");
        }
        monitor.progress(-1, "loading " + def.dataset().id() + " (" + DefaultDatasetService.locationOf(def, data) + ")");
        LabeledData test = datasets.load(def, data, Split.TEST, monitor);
        monitor.checkCancelled();
        LabeledData train = trainingSubset(datasets.load(def, data, Split.TRAIN, monitor), options);
        monitor.checkCancelled();
        return analyzer.analyze(test, options.testExamples(), train, monitor);
    }

    @Override
    public SfReport sfReport(Path bfm, DataLocation data, SfReportOptions options, TaskMonitor monitor) {
        TrainedNetwork net;
        try {
            net = BfmReader.read(bfm).model();
        } catch (IOException e) {
            throw new BadInputException(bfm + ": cannot read: " + e.getMessage(), e);
        }
        return sfReport(net, data, options, monitor);
    }

    @Override
    public ActivationTrace activations(TrainedModel model, DataLocation data, int index, TaskMonitor monitor) {
        TrainedNetwork net = TrainedNetwork.of(model);
        return trace(net.definition(), () -> ActivationProbe.of(net, monitor), data, index, monitor);
    }

    @Override
    public ActivationTrace activations(FusedModel model, DataLocation data, int index, TaskMonitor monitor) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        return trace(fused.definition(), () -> new ActivationProbe(fused.result()), data, index, monitor);
    }

    private ActivationTrace trace(NetworkDefinition def, Supplier<ActivationProbe> probe, DataLocation data, int index,
                                  TaskMonitor monitor) {
        LabeledData test = testData(def, data, monitor);
        test.checkTestExample(index);
        ActivationAnalyzer analyzer = new ActivationAnalyzer(def, probe.get());
        monitor.checkCancelled();
        ImageSample image = datasets.sample(def, data, DataSplit.TEST, index);
        return analyzer.trace(test, index, image);
    }

    @Override
    public ActivationRates activationRates(TrainedModel model, DataLocation data, ActivationRateOptions options,
                                           TaskMonitor monitor) {
        TrainedNetwork net = TrainedNetwork.of(model);
        LabeledData test = testData(net.definition(), data, monitor);
        return new ActivationAnalyzer(net.definition(), ActivationProbe.of(net, TaskMonitor.NONE))
                .rates(test, options, monitor);
    }

    @Override
    public ActivationRates activationRates(FusedModel model, DataLocation data, ActivationRateOptions options,
                                           TaskMonitor monitor) {
        FusedModelHandle fused = FusedModelHandle.of(model);
        LabeledData test = testData(fused.definition(), data, monitor);
        return new ActivationAnalyzer(fused.definition(), new ActivationProbe(fused.result()))
                .rates(test, options, monitor);
    }

    private LabeledData testData(NetworkDefinition def, DataLocation data, TaskMonitor monitor) {
        if (def.dataset() == null) {
            throw new BadInputException("model '" + def.name() + "' names no data set");
        }
        monitor.progress(-1, "loading " + def.dataset().id() + " (" + DefaultDatasetService.locationOf(def, data) + ")");
        LabeledData test = datasets.load(def, data, Split.TEST, monitor);
        monitor.checkCancelled();
        return test;
    }

    /** A seeded random subset of {@code options.trainExamples()} examples, or all of them. */
    static LabeledData trainingSubset(LabeledData train, SfReportOptions options) {
        int n = options.trainExamples();
        if (n <= 0 || n >= train.count()) {
            return train;
        }
        int[] indices = Arrays.copyOf(LabeledData.permutation(train.count(), options.seed()), n);
        return train.subset(indices, train.name() + ", random " + n + " (seed " + options.seed() + ")");
    }
}
