package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains definitions with ND4J, evaluates models, reads and writes {@code *.bfm} files. All methods block and
 * may take long: call them from a background thread. They report through the {@link TaskMonitor} and stop
 * with {@link dev.bitflow.engine.api.CancelledException} when it is cancelled (nothing half-written).
 */
public interface TrainingService {
    /**
     * Trains {@code request.definition()} on its data set. Writes a checkpoint after each epoch when asked,
     * continues from {@code request.resumeFrom()} when given.
     *
     * @throws dev.bitflow.engine.api.BadInputException for a definition or data that cannot be trained
     * @throws TrainingFailedException                   when the loss or a parameter becomes NaN or Inf
     */
    TrainedModel train(TrainingRequest request, TrainingListener listener, TaskMonitor monitor);

    /**
     * How many examples {@link #train} would train on for {@code request}: the training split less the validation
     * part, capped by {@link TrainingRequest#maxTrainExamples()}. Reads the data set's training split.
     */
    int trainingExamples(TrainingRequest request);

    /** Accuracy, loss, per-class accuracy and confusion matrix on the test split of the model's data set. */
    EvaluationResult evaluate(TrainedModel model, DataLocation data, TaskMonitor monitor);

    /**
     * Per-example predictions and class scores of the model on the first {@code limit} test examples of its data set
     * at {@code data} ({@code limit <= 0}: all), by the same float forward pass as {@link #evaluate}.
     */
    Predictions predict(TrainedModel model, DataLocation data, int limit, TaskMonitor monitor);

    /**
     * A trained model from parameters made elsewhere (an imported weight file, a test): every parameter the definition
     * needs, matched by layer and name, shapes and values checked; every problem is named in one
     * {@link dev.bitflow.engine.api.BadInputException}, prefixed by {@code source}.
     */
    TrainedModel fromParameters(NetworkDefinition definition, List<ModelParameter> parameters,
                                Provenance provenance, String source);

    /**
     * The first {@code count} examples of the first training batch of {@code request} (at most a batch), as
     * training will see them: the seeded training part, the order of epoch 1 and the definition's augmentation,
     * turned back into pixels 0..255 for display.
     */
    default List<ImageSample> previewBatch(TrainingRequest request, int count, TaskMonitor monitor) {
        throw new UnsupportedOperationException("this training service cannot preview batches");
    }

    /** Reads a {@code *.bfm} file; a damaged or mismatched file gives a {@link dev.bitflow.engine.api.BadInputException}. */
    TrainedModel load(Path file);

    /** Writes a {@code *.bfm} file atomically. */
    void save(TrainedModel model, Path file);

    /**
     * Sets how many CPU threads the numeric backend uses, process-wide (1 gives reproducible results across
     * machines with different core counts and is fastest on a busy machine). Does nothing by default.
     */
    default void setComputeThreads(int threads) {
    }
}
