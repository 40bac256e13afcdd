package dev.bitflow.engine.train;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.api.training.TrainingService;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.EvaluationTally;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TrainValidation;
import dev.bitflow.engine.io.BfmContents;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training with hand-written ND4J layers ({@link Trainer}), evaluation, and {@code *.bfm} model files and
 * checkpoints (through {@link BfmWriter} / {@link BfmReader}). Checkpoints are {@code .bfm} files whose extras
 * hold the optimiser state and whose properties say how far training got.
 */
public final class DefaultTrainingService implements TrainingService {
    /** Checkpoint property: epochs completed. */
    static final String EPOCHS_DONE = "epochsDone";
    /** Checkpoint property: optimiser steps completed. */
    static final String STEPS_DONE = "stepsDone";

    private final DefaultDefinitionService definitions;
    private final DefaultDatasetService datasets;

    public DefaultTrainingService(DefaultDefinitionService definitions, DefaultDatasetService datasets) {
        this.definitions = definitions;
        this.datasets = datasets;
    }

    @Override
    public TrainedModel train(TrainingRequest request, TrainingListener listener, TaskMonitor monitor) {
        NetworkDefinition def = request.definition();
        definitions.validate(def);
        TrainingSpec spec = def.training();
        monitor.progress(-1, "loading " + def.dataset().id());
        TrainValidation tv = datasets.trainValidation(def.dataset(), request.data(), spec.validationFraction(),
                spec.seed());
        LabeledData train = capped(tv.train(), request);
        checkCompatible(def, train);
        TrainableNetwork network = new TrainableNetwork(def, DataType.FLOAT, spec.seed());
        checkClasses(network, train);
        TrainingState resume = request.resumeFrom() == null ? null : readCheckpoint(request.resumeFrom(), def);
        String datasetId = datasetId(def.dataset());
        String sha = train.sha256();
        Trainer.CheckpointSink sink = request.checkpoint() == null ? Trainer.CheckpointSink.NONE
                : state -> writeCheckpoint(request.checkpoint(), def, state, datasetId, sha);
        Trainer.Result result = new Trainer(network, spec, request.batchEventIntervalMillis())
                .train(train, tv.validation(), resume, listener, monitor, sink);
        monitor.progress(-1, "evaluating on the test set");
        LabeledData test = datasets.load(def.dataset(), request.data(), Split.TEST);
        double[] testMetrics = Trainer.evaluateLoss(network, test, monitor);
        Map<String, Double> metrics = new LinkedHashMap<>(result.state().metrics());
        metrics.put("testLoss", testMetrics[0]);
        metrics.put("testAccuracy", testMetrics[1]);
        monitor.progress(1, "done");
        return new TrainedNetwork(def, network.exportParameters(),
                provenance(spec.seed(), datasetId, sha, result.state().epochsDone(), metrics));
    }

    @Override
    public int trainingExamples(TrainingRequest request) {
        NetworkDefinition def = request.definition();
        TrainingSpec spec = def.training();
        return capped(datasets.trainValidation(def.dataset(), request.data(), spec.validationFraction(), spec.seed())
                .train(), request).count();
    }

    /** The first {@code request.maxTrainExamples()} examples of {@code train} (all of them for 0). */
    private static LabeledData capped(LabeledData train, TrainingRequest request) {
        if (request.maxTrainExamples() > 0 && request.maxTrainExamples() < train.count()) {
            int[] first = new int[request.maxTrainExamples()];
            Arrays.setAll(first, i -> i);
            return train.subset(first);
        }
        return train;
    }

    @Override
    public EvaluationResult evaluate(TrainedModel model, DataLocation data, TaskMonitor monitor) {
        TrainedNetwork trained = asNetwork(model);
        NetworkDefinition def = trained.definition();
        TrainableNetwork network = new TrainableNetwork(def, DataType.FLOAT, 0);
        try {
            network.importParameters(trained.parameters());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("model '" + def.name() + "': " + e.getMessage(), e);
        }
        monitor.progress(-1, "loading " + def.dataset().id() + " test set");
        LabeledData test = datasets.load(def.dataset(), data, Split.TEST);
        checkCompatible(def, test);
        checkClasses(network, test);
        EvaluationTally tally = new EvaluationTally(test);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        for (int from = 0; from < test.count(); from += Trainer.EVAL_BATCH) {
            monitor.checkCancelled();
            int to = Math.min(test.count(), from + Trainer.EVAL_BATCH);
            int[] labels = new int[to - from];
            INDArray logits = network.forward(Trainer.gather(test, null, from, to, labels), Pass.INFERENCE);
            tally.addLoss(ce.compute(logits, labels).loss() * labels.length);
            long[] predicted = logits.argMax(1).toLongVector();
            for (int i = 0; i < labels.length; i++) {
                tally.add(labels[i], (int) predicted[i]);
            }
            monitor.progress(to / (double) test.count(), "evaluating " + to + "/" + test.count());
            NativeMemory.release(from / Trainer.EVAL_BATCH + 1);
        }
        return tally.result();
    }

    @Override
    public TrainedModel load(Path file) {
        return readFile(file).model();
    }

    @Override
    public void save(TrainedModel model, Path file) {
        try {
            BfmWriter.write(file, asNetwork(model));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setComputeThreads(int threads) {
        if (threads < 1) {
            throw new BadInputException("threads must be at least 1, was " + threads);
        }
        ComputeThreads.set(threads);
    }

    private static BfmContents readFile(Path file) {
        try {
            return BfmReader.read(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static TrainingState readCheckpoint(Path file, NetworkDefinition def) {
        BfmContents contents = readFile(file);
        if (!contents.isCheckpoint() || !contents.properties().containsKey(EPOCHS_DONE)) {
            throw new BadInputException(file + ": not a training checkpoint (a finished model has no optimiser state)");
        }
        NetworkDefinition saved = contents.model().definition();
        if (!saved.layers().equals(def.layers()) || !saved.input().equals(def.input())) {
            throw new BadInputException(file + ": checkpoint of '" + saved.name()
                    + "' has other layers than definition '" + def.name() + "'");
        }
        if (!saved.training().equals(def.training()) || !saved.dataset().equals(def.dataset())) {
            throw new BadInputException(file + ": checkpoint was trained with other training settings or data ("
                    + saved.training() + ", " + saved.dataset() + "); resume needs the same ones");
        }
        Map<String, Double> metrics = contents.model().provenance() == null ? Map.of()
                : contents.model().provenance().metrics();
        try {
            return new TrainingState(contents.model().parameters(), contents.extras(),
                    Integer.parseInt(contents.properties().get(EPOCHS_DONE)),
                    Long.parseLong(contents.properties().get(STEPS_DONE)), metrics);
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": checkpoint property is not a number: " + e.getMessage(), e);
        }
    }

    private static void writeCheckpoint(Path file, NetworkDefinition def, TrainingState state, String datasetId,
                                        String sha) {
        TrainedNetwork model = new TrainedNetwork(def, state.parameters(),
                provenance(def.training().seed(), datasetId, sha, state.epochsDone(), state.metrics()));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EPOCHS_DONE, Integer.toString(state.epochsDone()));
        properties.put(STEPS_DONE, Long.toString(state.stepsDone()));
        try {
            BfmWriter.write(file, model, state.optimizerState(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    private static void checkCompatible(NetworkDefinition def, LabeledData data) {
        Shape in = def.input();
        Shape shape = data.exampleShape();
        if (in.channels() != shape.channels() || in.height() != shape.height() || in.width() != shape.width()) {
            throw new BadInputException("definition '" + def.name() + "' expects input " + in + " but " + data.name()
                    + " has " + shape);
        }
    }

    private static void checkClasses(TrainableNetwork network, LabeledData data) {
        List<TrainLayer> layers = network.layers();
        int outputs = layers.get(layers.size() - 1).outputShape().channels();
        if (outputs != data.classes()) {
            throw new BadInputException("definition '" + network.definition().name() + "' ends in " + outputs
                    + " outputs but " + data.name() + " has " + data.classes() + " classes");
        }
    }

    static TrainedNetwork asNetwork(TrainedModel model) {
        if (model instanceof TrainedNetwork n) {
            return n;
        }
        throw new IllegalArgumentException("not a model of this engine: " + model.getClass().getName());
    }

    static String datasetId(DatasetRef ref) {
        return ref.classes().isEmpty() ? ref.id()
                : ref.id() + ref.classes().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    static Provenance provenance(long seed, String datasetId, String sha, int epochs, Map<String, Double> metrics) {
        String version = DefaultTrainingService.class.getPackage().getImplementationVersion();
        return new Provenance(seed, datasetId, sha, epochs, metrics,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), version == null ? "0.1.0-SNAPSHOT" : version);
    }
}
