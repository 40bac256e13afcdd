package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import java.nio.file.Path;

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
