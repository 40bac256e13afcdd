package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.List;

/**
 * BatchShift fusion (SF + BatchNorm + sign folded into one integer addition per channel), fused model
 * files ({@code *.bff}), bit-level inference and the proof that the fused network equals the float one.
 * The math is in {@code docs/fusion.md}. Long methods report through the {@link TaskMonitor} and stop with
 * {@link dev.bitflow.engine.api.CancelledException} when it is cancelled; nothing is half-written.
 */
public interface FusionService {
    /** Every reason {@code definition} cannot be fused exactly (layer + reason); empty when it can. */
    List<FusionProblem> check(NetworkDefinition definition);

    /**
     * Fuses a trained model in memory.
     *
     * @throws BadInputException if it cannot be fused exactly; the message lists every layer and reason
     */
    FusionSummary fuse(TrainedModel model, TaskMonitor monitor);

    /** Fuses a trained model and writes the {@code *.bff} file atomically. */
    FusionSummary fuse(TrainedModel model, Path bff, TaskMonitor monitor);

    /** Reads a {@code *.bff} file; a damaged or inconsistent file is a {@link BadInputException}. */
    FusedModel loadFused(Path bff);

    /**
     * Runs the float (unfused) path and the fused path over the test split of the model's data set at
     * {@code data} (the first {@code limit} examples; {@code limit <= 0}: all) and compares them per layer and
     * channel.
     */
    VerificationReport verify(TrainedModel model, DataLocation data, int limit, TaskMonitor monitor);

    /** {@link #fuse(TrainedModel, Path, TaskMonitor)} for a trained model file ({@code *.bfm}). */
    FusionSummary fuse(Path bfm, Path bff, TaskMonitor monitor);

    /** {@link #verify(TrainedModel, DataLocation, int, TaskMonitor)} for a trained model file ({@code *.bfm}). */
    VerificationReport verify(Path bfm, DataLocation data, int limit, TaskMonitor monitor);

    /**
     * Accuracy, mean cross-entropy of the class scores, per-class accuracy and confusion of a fused model on the
     * test split of its data set, in the same form as {@code TrainingService.evaluate} gives for the float model.
     */
    EvaluationResult evaluate(FusedModel model, DataLocation data, TaskMonitor monitor);

    /**
     * Per-example predictions and class scores of the fused network on the first {@code limit} test examples of its
     * data set at {@code data} ({@code limit <= 0}: all), and, when {@code layerBits} is set, every fused layer's
     * output bits per example (one map per first and binary layer, after its pools, named by the block's last layer
     * as in {@code AnalysisService.activations}).
     */
    Predictions predict(FusedModel model, DataLocation data, int limit, boolean layerBits, TaskMonitor monitor);

    /**
     * One output bit of a fused binary layer taken apart (for the GUI's step-through): test image
     * {@code example} of the model's data set at {@code data}, binary layer {@code layer}, output channel and
     * position on the layer's conv output grid.
     *
     * @throws BadInputException if the layer is not a fused binary layer or the position is outside it
     */
    StepThrough stepThrough(TrainedModel model, DataLocation data, int example, String layer, int channel, int y,
                            int x);
}
