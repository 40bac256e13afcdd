package dev.bitflow.engine.api.analysis;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
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
}
