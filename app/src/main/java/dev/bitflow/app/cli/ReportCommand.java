package dev.bitflow.app.cli;

import dev.bitflow.app.export.ExportFiles;
import dev.bitflow.app.report.ModelReport;
import dev.bitflow.app.report.ModelReportBuilder;
import dev.bitflow.app.report.ReportOptions;
import dev.bitflow.app.report.ReportWriter;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bitflow report MODEL.bfm --out DIR}: the model report, one self-contained HTML page with figures
 * (ledger before and after fusion, accuracy and confusion matrix, SF cancellation, shift table, verification
 * verdict, provenance) written to {@code DIR/<model>-report.html}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an HTML report of a trained model (*.bfm): ledger before and after fusion, accuracy and "
                + "confusion matrix, SF cancellation, BatchShift table, verification, provenance.")
final class ReportCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ModelOnTestSetOptions input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the report into")
    Path out;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "1000",
            description = "training examples that re-estimate BatchNorm in the SF section (default ${DEFAULT-VALUE})")
    int trainExamples;

    ReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ReportOptions options = new ReportOptions(input.data.location(), input.limit.value(), trainExamples);
        TrainedModel model = context.engine().training().load(input.model.path);
        ModelReport report = new ModelReportBuilder(context.engine(), BuildInfo.version()).build(model,
                input.model.path.toString(), options, new StderrProgress(context.err(), "report"));
        Path file = new ReportWriter(new ExportFiles(() -> List.of(input.model.path))).write(report, out);
        context.out().println("wrote " + file);
        return BitflowCli.EXIT_OK;
    }
}
