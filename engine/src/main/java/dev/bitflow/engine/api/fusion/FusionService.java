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
     * Fuses a trained model in memory: runs every fusion pass once and returns the fused model, which
     * {@link #save}, {@link #evaluate}, {@link #verify(FusedModel, DataLocation, int, TaskMonitor)},
     * {@link #stepThrough} and the activation analyses take without fusing again.
     *
     * @throws BadInputException if it cannot be fused exactly; the message lists every layer and reason
     */
    FusedModel fuse(TrainedModel model, TaskMonitor monitor);

    /**
     * Writes a fused model as a {@code *.bff} file atomically.
     *
     * @return its summary with the size of the written file
     */
    FusionSummary save(FusedModel model, Path bff, TaskMonitor monitor);

    /** Reads a {@code *.bff} file; a damaged or inconsistent file is a {@link BadInputException}. */
    FusedModel loadFused(Path bff);

    /**
     * Runs the float (unfused) path and the fused path over the test split of the model's data set at
     * {@code data} (the first {@code limit} examples; {@code limit <= 0}: all) and compares them per layer and
     * channel.
     *
     * @param model a fused model made by {@link #fuse(TrainedModel, TaskMonitor)} (it knows its float network)
     * @throws BadInputException if {@code model} was loaded from a file
     */
    VerificationReport verify(FusedModel model, DataLocation data, int limit, TaskMonitor monitor);

    /** Fuses a trained model file ({@code *.bfm}) and writes the {@code *.bff} file: {@link #fuse} then {@link #save}. */
    FusionSummary fuse(Path bfm, Path bff, TaskMonitor monitor);

    /** {@link #verify(FusedModel, DataLocation, int, TaskMonitor)} for a trained model file ({@code *.bfm}). */
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
     * @param model a fused model made by {@link #fuse(TrainedModel, TaskMonitor)} (the float values beside the
     *              bits come from its float network)
     * @throws BadInputException if the layer is not a fused binary layer, the position is outside it, or
     *                           {@code model} was loaded from a file
     */
    StepThrough stepThrough(FusedModel model, DataLocation data, int example, String layer, int channel, int y,
                            int x);
}
