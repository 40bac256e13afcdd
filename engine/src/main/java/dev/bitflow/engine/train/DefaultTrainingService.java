package dev.bitflow.engine.train;

import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DatasetManifest;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.api.training.TrainingService;
import dev.bitflow.engine.data.Augmenter;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TrainValidation;
import dev.bitflow.engine.api.memory.MemoryBudgetExceededException;
import dev.bitflow.engine.api.memory.MemoryEstimate;
import dev.bitflow.engine.io.BfmContents;
import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.io.ParameterAssembler;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.Evaluation;
import dev.bitflow.engine.reference.FloatNetworkException;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.spi.Split;
import org.nd4j.linalg.api.buffer.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
    private final DefaultMemoryService memory;

    public DefaultTrainingService(DefaultDefinitionService definitions, DefaultDatasetService datasets) {
        this(definitions, datasets, new DefaultMemoryService());
    }

    /** @param memory the budget training is held to ({@link #train} refuses a network whose estimate exceeds it) */
    public DefaultTrainingService(DefaultDefinitionService definitions, DefaultDatasetService datasets,
                                  DefaultMemoryService memory) {
        this.definitions = definitions;
        this.datasets = datasets;
        this.memory = memory;
    }

    @Override
    public TrainedModel train(TrainingRequest request, TrainingListener listener, TaskMonitor monitor) {
        NetworkDefinition def = request.definition();
        definitions.validate(def);
        MemoryEstimate estimate = TrainingMemory.estimate(def);
        memory.require("training '" + def.name() + "'", estimate.total(), estimate.parts(),
                "use a smaller batch size (training.batchSize) or a smaller network");
        try {
            return trainWithin(request, listener, monitor);
        } catch (OutOfMemoryError | RuntimeException e) {
            MemoryBudgetExceededException worded = memory.translate(e, "training '" + def.name() + "'");
            if (worded != null) {
                throw worded;
            }
            throw e;
        }
    }

    private TrainedModel trainWithin(TrainingRequest request, TrainingListener listener, TaskMonitor monitor) {
        NetworkDefinition requested = request.definition();
        TrainingSpec spec = requested.training();
        DataLocation where = DefaultDatasetService.locationOf(requested, request.data());
        DefaultDatasetService.Resolved data = datasets.resolve(requested.dataset(), where);
        monitor.progress(-1, "loading " + data.id() + " (" + data.location() + ")");
        TrainValidation tv = datasets.trainValidation(requested, where, spec.validationFraction(), spec.seed(),
                monitor);
        LabeledData train = capped(tv.train(), request);
        checkCompatible(requested, train);
        // The model remembers the data it was trained on: the plugin, where, and the class names it saw.
        NetworkDefinition def = requested.withDataset(requested.dataset().resolved(data.id(),
                data.location().absolute(), train.classNames()));
        TrainableNetwork network = new TrainableNetwork(def, DataType.FLOAT, spec.seed());
        checkClasses(network, train);
        TrainingState resume = request.resumeFrom() == null ? null
                : readCheckpoint(request.resumeFrom(), def, network, Trainer.batchesPerEpoch(train.count(), spec));
        String datasetId = datasetId(def.dataset());
        String sha = train.sha256();
        Trainer.CheckpointSink sink = request.checkpoint() == null ? Trainer.CheckpointSink.NONE : state -> {
            try {
                writeCheckpoint(request.checkpoint(), def, state, datasetId, sha, null);
            } catch (IOException e) {
                listener.onCheckpointNotWritten(state.epochsDone(), request.checkpoint(), AtomicFiles.reasonOf(e));
            }
        };
        Trainer.Result result = new Trainer(network, spec, request.batchEventIntervalMillis())
                .train(train, tv.validation(), resume, listener, monitor, sink);
        monitor.progress(-1, "evaluating on the test set");
        LabeledData test = datasets.load(def, data.location(), Split.TEST, monitor);
        ParameterSet parameters = network.exportParameters();
        Map<String, Double> metrics = new LinkedHashMap<>(result.state().metrics());
        try {
            // the test figures of the float network, as eval computes them
            EvaluationResult r = evaluate(new FloatReferenceForward(new TrainedNetwork(def, parameters, null)), test,
                    monitor);
            metrics.put("testLoss", r.loss());
            metrics.put("testAccuracy", r.accuracy());
        } catch (FloatNetworkException e) {
            // not a finite float network (eval names the layer): the model is kept, without test figures
        }
        DatasetManifest manifest = datasets.manifest(def, data.location(), tv.train(), test);
        monitor.progress(1, "done");
        return new TrainedNetwork(def, parameters,
                provenance(spec.seed(), datasetId, sha, result.state().epochsDone(), metrics, manifest));
    }

    /**
     * Evaluates the float network ({@link FloatReferenceForward}: the model's inference in float32 with a fixed
     * order of operations, the same network verify, the SF report and the fusion mean), not ND4J's training layers,
     * so that a {@code .bfm} and its fused {@code .bff} are scored alike; a model whose float network is not finite
     * is refused with the layer and reason.
     */
    @Override
    public EvaluationResult evaluate(TrainedModel model, DataLocation data, TaskMonitor monitor) {
        TrainedNetwork trained = TrainedNetwork.of(model);
        NetworkDefinition def = trained.definition();
        FloatReferenceForward network = new FloatReferenceForward(trained);
        monitor.progress(-1, "loading " + def.dataset().id() + " test set");
        LabeledData test = datasets.load(def, data, Split.TEST, monitor);
        return evaluate(network, test, monitor);
    }

    private static EvaluationResult evaluate(FloatReferenceForward network, LabeledData test, TaskMonitor monitor) {
        NetworkDefinition def = network.definition();
        checkCompatible(def, test);
        checkClasses(def, (int) network.outputShape(def.layers().size() - 1).size(), test);
        return Evaluation.of(test, x -> network.forward(x).logits(), monitor);
    }

    @Override
    public int trainingExamples(TrainingRequest request) {
        NetworkDefinition def = request.definition();
        TrainingSpec spec = def.training();
        DataLocation where = DefaultDatasetService.locationOf(def, request.data());
        return capped(datasets.trainValidation(def, where, spec.validationFraction(), spec.seed(), TaskMonitor.NONE)
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
    public Predictions predict(TrainedModel model, DataLocation data, int limit, TaskMonitor monitor) {
        TrainedNetwork trained = TrainedNetwork.of(model);
        NetworkDefinition def = trained.definition();
        FloatReferenceForward network = new FloatReferenceForward(trained);
        monitor.progress(-1, "loading " + def.dataset().id() + " test set");
        LabeledData test = datasets.load(def, data, Split.TEST, monitor);
        checkCompatible(def, test);
        int classes = (int) network.outputShape(def.layers().size() - 1).size();
        checkClasses(def, classes, test);
        int n = limit <= 0 ? test.count() : Math.min(limit, test.count());
        int[] labels = new int[n];
        int[] predicted = new int[n];
        float[] scores = new float[n * classes];
        for (int e = 0; e < n; e++) {
            if (e % 200 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / n, "running example " + e + " of " + n);
            }
            float[] logits = network.forward(test.example(e)).logits();
            labels[e] = test.y()[e];
            predicted[e] = FloatOps.argmax(logits);
            System.arraycopy(logits, 0, scores, e * classes, classes);
        }
        monitor.progress(1.0, "ran " + n + " examples");
        return new Predictions(test.name() + ", first " + n + " examples", classes, labels, predicted, scores, List.of());
    }

    @Override
    public TrainedModel fromParameters(NetworkDefinition definition, List<ModelParameter> parameters,
                                       Provenance provenance, String source) {
        definitions.validate(definition);
        return new TrainedNetwork(definition, ParameterAssembler.assemble(definition, parameters, source), provenance);
    }

    @Override
    public List<ImageSample> previewBatch(TrainingRequest request, int count, TaskMonitor monitor) {
        NetworkDefinition def = request.definition();
        TrainingSpec spec = def.training();
        DataLocation where = DefaultDatasetService.locationOf(def, request.data());
        LabeledData train = datasets.trainValidation(def, where, spec.validationFraction(), spec.seed(), monitor)
                .train();
        if (request.maxTrainExamples() > 0 && request.maxTrainExamples() < train.count()) {
            train = train.head(request.maxTrainExamples());
        }
        LabeledData epoch = Trainer.epochView(train, spec.seed(), 0);
        int n = Math.min(Math.min(count, spec.batchSize()), epoch.count());
        int size = epoch.exampleSize();
        float[] values = new float[n * size];
        int[] labels = new int[n];
        epoch.batch(0, n, values, labels, new Augmenter(spec.augmentation()), Trainer.augmentSeed(spec.seed(), 0, 0));
        Shape s = epoch.exampleShape();
        List<ImageSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] pixels = new int[size];
            for (int k = 0; k < size; k++) {
                pixels[k] = pixel(values[i * size + k], def.dataset().normalization());
            }
            out.add(new ImageSample(def.dataset(), DataSplit.TRAIN, i, epoch.row(i), s.channels(), s.height(), s.width(),
                    pixels, labels[i], epoch.classNames().get(labels[i]), labels[i]));
        }
        return out;
    }

    /** The pixel 0..255 a normalised value came from (the inverse of the normalisation, rounded). */
    private static int pixel(float v, Normalization normalization) {
        double p = normalization == Normalization.MINUS_ONE_TO_ONE ? (v + 1) * 127.5 : v * 255.0;
        return (int) Math.max(0, Math.min(255, Math.round(p)));
    }

    @Override
    public TrainedModel load(Path file) {
        return readFile(file).model();
    }

    @Override
    public void save(TrainedModel model, Path file) {
        try {
            BfmWriter.write(file, TrainedNetwork.of(model));
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

    /**
     * Reads a checkpoint to resume {@code def} from and checks every field against the run it would continue:
     * same layers, training settings and data; {@code epochsDone} within the recipe; {@code stepsDone} equal to
     * {@code epochsDone} epochs of {@code batchesPerEpoch} steps (else the data or {@code maxTrainExamples}
     * differ); metrics finite; optimiser state complete, of the parameters' shapes and finite (parameters are
     * checked by {@link BfmReader}). Each failure names the file and the field.
     */
    private static TrainingState readCheckpoint(Path file, NetworkDefinition def, TrainableNetwork network,
                                                int batchesPerEpoch) {
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
        int epochs = def.training().epochs();
        long epochsDone = longProperty(file, contents, EPOCHS_DONE);
        if (epochsDone < 0 || epochsDone > epochs) {
            throw new BadInputException(file + ": checkpoint field '" + EPOCHS_DONE + "' is " + epochsDone
                    + "; it must be between 0 and " + epochs + " (the epochs of the training settings)");
        }
        long stepsDone = longProperty(file, contents, STEPS_DONE);
        if (stepsDone != epochsDone * batchesPerEpoch) {
            throw new BadInputException(file + ": checkpoint field '" + STEPS_DONE + "' is " + stepsDone + ", but "
                    + epochsDone + " epoch(s) of " + batchesPerEpoch + " steps are " + epochsDone * batchesPerEpoch
                    + " (was the run started on other data or another number of training examples?)");
        }
        Map<String, Double> metrics = contents.model().provenance() == null ? Map.of()
                : contents.model().provenance().metrics();
        metrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new BadInputException(file + ": checkpoint metric '" + name + "' is " + value);
            }
        });
        try {
            ParameterOptimizer.forSpec(def.training()).checkState(contents.extras(), network.parameters());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
        return new TrainingState(contents.model().parameters(), contents.extras(), (int) epochsDone, stepsDone,
                metrics);
    }

    private static long longProperty(Path file, BfmContents contents, String name) {
        String text = contents.properties().get(name);
        if (text == null) {
            throw new BadInputException(file + ": checkpoint field '" + name + "' is missing");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": checkpoint field '" + name + "' is not a whole number: '" + text
                    + "'", e);
        }
    }

    private static void writeCheckpoint(Path file, NetworkDefinition def, TrainingState state, String datasetId,
                                        String sha, DatasetManifest manifest) throws IOException {
        TrainedNetwork model = new TrainedNetwork(def, state.parameters(),
                provenance(def.training().seed(), datasetId, sha, state.epochsDone(), state.metrics(), manifest));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(EPOCHS_DONE, Integer.toString(state.epochsDone()));
        properties.put(STEPS_DONE, Long.toString(state.stepsDone()));
        BfmWriter.write(file, model, state.optimizerState(), properties);
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
        checkClasses(network.definition(), layers.get(layers.size() - 1).outputShape().channels(), data);
    }

    private static void checkClasses(NetworkDefinition def, int outputs, LabeledData data) {
        if (outputs != data.classes()) {
            throw new BadInputException("definition '" + def.name() + "' ends in " + outputs + " outputs but "
                    + data.name() + " has " + data.classes() + " classes");
        }
    }

    static String datasetId(DatasetRef ref) {
        return ref.classes().isEmpty() ? ref.id()
                : ref.id() + ref.classes().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    static Provenance provenance(long seed, String datasetId, String sha, int epochs, Map<String, Double> metrics,
                                 DatasetManifest manifest) {
        return new Provenance(seed, datasetId, sha, epochs, metrics,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), BuildInfo.version(), manifest);
    }
}
