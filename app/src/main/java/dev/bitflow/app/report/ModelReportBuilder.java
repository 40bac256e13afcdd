package dev.bitflow.app.report;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfReportOptions;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Gathers a {@link ModelReport} from the engine (its API only): ledgers, evaluation, fusion in memory,
 * verification and the SF report, reporting progress over the whole and stopping when cancelled. Blocks: run it
 * off the JavaFX thread.
 */
public final class ModelReportBuilder {
    private final Engine engine;
    private final String version;

    public ModelReportBuilder(Engine engine, String version) {
        this.engine = engine;
        this.version = version;
    }

    /**
     * The report of {@code model} (from {@code source}) measured as {@code options} says.
     *
     * @throws dev.bitflow.engine.api.BadInputException  when the model cannot be fused or its data do not fit
     * @throws dev.bitflow.engine.api.CancelledException when the monitor is cancelled
     */
    public ModelReport build(TrainedModel model, String source, ReportOptions options, TaskMonitor monitor) {
        var def = model.definition();
        monitor.progress(0, "Ledger of " + def.name());
        Ledger ledger = engine.ledger().ledger(def, false);
        Ledger fused = engine.ledger().ledger(def, true);
        monitor.checkCancelled();
        EvaluationResult evaluation = engine.training().evaluate(model, options.data(),
                part(monitor, 0.02, 0.25, "Accuracy on the test set"));
        FusedModel fusedModel = engine.fusion().fuse(model, part(monitor, 0.25, 0.30, "BatchShift fusion"));
        FusionSummary fusion = fusedModel.summary();
        VerificationReport verification = engine.fusion().verify(fusedModel, options.data(), options.testLimit(),
                part(monitor, 0.30, 0.60, "Verifying the fused network"));
        SfReport sf = engine.analysis().sfReport(model, options.data(), SfReportOptions.defaults()
                        .withTestExamples(options.testLimit()).withTrainExamples(options.trainExamples()),
                part(monitor, 0.60, 1.0, "SF cancellation report"));
        monitor.progress(1, "Report ready");
        return new ModelReport(def, source, options.data().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), version, model.provenance(), ledger, fused,
                evaluation, fusion, verification, sf);
    }

    /** A monitor that maps a step's 0..1 onto {@code from..to} of the whole and prefixes its message. */
    static TaskMonitor part(TaskMonitor whole, double from, double to, String step) {
        return new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
                whole.progress(fraction < 0 ? from : from + (to - from) * Math.min(1, fraction),
                        message == null || message.isBlank() ? step : step + ": " + message);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }
        };
    }
}
