package dev.bitflow.engine.api.analysis;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;

/**
 * Analyses of trained models. Long methods report through the {@link TaskMonitor} and stop with
 * {@link dev.bitflow.engine.api.CancelledException} when it is cancelled. The math is in {@code docs/sf-report.md}.
 */
public interface AnalysisService {
    /**
     * The SF cancellation report of a trained model on its data set at {@code data}: per binary layer (binary
     * weights on ±1 input, followed by BatchNorm and sign) and channel the scaling factor, BatchNorm parameters,
     * thresholds with and without alpha, the histogram of integer pre-activations, and the agreement of the sign
     * outputs and the accuracy when alpha is removed (BatchNorm statistics rescaled, or re-estimated on training
     * data).
     *
     * @throws BadInputException if the model has no such layer, names no data set, or its data set does not fit
     */
    SfReport sfReport(TrainedModel model, DataLocation data, SfReportOptions options, TaskMonitor monitor);

    /** {@link #sfReport(TrainedModel, DataLocation, SfReportOptions, TaskMonitor)} for a model file ({@code *.bfm}). */
    SfReport sfReport(Path bfm, DataLocation data, SfReportOptions options, TaskMonitor monitor);

    /**
     * The report on the first {@code maxExamples} test examples ({@code <= 0}: all), with the default number of
     * training examples for re-estimating BatchNorm statistics.
     */
    default SfReport sfReport(TrainedModel model, DataLocation data, int maxExamples, TaskMonitor monitor) {
        return sfReport(model, data, SfReportOptions.defaults().withTestExamples(maxExamples), monitor);
    }

    /**
     * Every binary activation of a trained model for test image {@code index} of its data set at {@code data}:
     * per layer that outputs bits, its {@code channels x height x width} bits. Computed on the BatchShift-fused
     * bit-level network ({@link ActivationPath#FUSED_BITS}: one map per fused block, after its max pools; the
     * model is fused for this call, so a caller that keeps a {@link FusedModel} passes that instead); a model
     * that cannot be fused runs on the float reference path ({@link ActivationPath#FLOAT_REFERENCE}: one map per
     * sign layer). The two give the same bits except at float32 rounding ties.
     *
     * @throws BadInputException if the model names no data set, the data do not fit it, or the index is outside
     *                           the test split
     */
    ActivationTrace activations(TrainedModel model, DataLocation data, int index, TaskMonitor monitor);

    /**
     * Per layer and channel, the +1 rate of the binary activations over the first {@code options.examples()} test
     * images, with constant (rate 0 or 1) and nearly-constant channels; same path as
     * {@link #activations(TrainedModel, DataLocation, int, TaskMonitor)}. Reports progress per image and stops with
     * {@link dev.bitflow.engine.api.CancelledException} when cancelled.
     */
    ActivationRates activationRates(TrainedModel model, DataLocation data, ActivationRateOptions options,
                                    TaskMonitor monitor);

    /**
     * {@link #activations(TrainedModel, DataLocation, int, TaskMonitor)} of a fused model, on its bit-level network
     * ({@link ActivationPath#FUSED_BITS}) without fusing again; also for a model loaded from a {@code *.bff} file.
     */
    ActivationTrace activations(FusedModel model, DataLocation data, int index, TaskMonitor monitor);

    /** {@link #activationRates(TrainedModel, DataLocation, ActivationRateOptions, TaskMonitor)} of a fused model. */
    ActivationRates activationRates(FusedModel model, DataLocation data, ActivationRateOptions options,
                                    TaskMonitor monitor);
}
