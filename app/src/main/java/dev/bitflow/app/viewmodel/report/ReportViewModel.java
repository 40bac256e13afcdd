package dev.bitflow.app.viewmodel.report;

import dev.bitflow.app.report.ModelReportBuilder;
import dev.bitflow.app.report.ReportOptions;
import dev.bitflow.app.report.ReportWriter;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The GUI's "Model report...": writes the report of the session's model into a folder in the background
 * (progress and cancel in the status bar), measured on the embedded mini set.
 */
public final class ReportViewModel {
    /** What the GUI report is measured on: the embedded mini set (1,000 test images), always there. */
    public static final ReportOptions OPTIONS = ReportOptions.on(DataLocation.mini());

    private final ModelSession session;
    private final ModelReportBuilder builder;
    private final ReportWriter writer;
    private final TaskExecutor tasks;
    private final Consumer<String> status;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Path> written = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canWrite;
    private Consumer<String> errorSink = m -> { };
    private ReportOptions options = OPTIONS;

    public ReportViewModel(ModelSession session, ModelReportBuilder builder, ReportWriter writer, TaskExecutor tasks,
                           Consumer<String> status) {
        this.session = Objects.requireNonNull(session);
        this.builder = Objects.requireNonNull(builder);
        this.writer = Objects.requireNonNull(writer);
        this.tasks = Objects.requireNonNull(tasks);
        this.status = Objects.requireNonNull(status);
        this.canWrite = session.hasModelProperty().and(busy.not());
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    /** Measures on other data or fewer examples than {@link #OPTIONS} (tests). */
    public void setOptions(ReportOptions options) {
        this.options = Objects.requireNonNull(options);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** A model is loaded and no report is being written. */
    public BooleanBinding canWriteProperty() {
        return canWrite;
    }

    /** The last report written, or null. */
    public ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    /** The name of the model a report would describe, or null without one. */
    public String modelName() {
        return session.model() == null ? null : session.model().definition().name();
    }

    /** Writes the report of the current model into {@code dir}, in the background. */
    public void write(Path dir) {
        TrainedModel model = session.model();
        if (model == null || busy.get()) {
            return;
        }
        String source = session.sourceProperty().get();
        busy.set(true);
        tasks.execute(BackgroundTask.of("Model report of " + model.definition().name(),
                        m -> writer.write(builder.build(model, source, options, m), dir))
                .inStatusLine()
                .onSuccess(file -> {
                    written.set(file);
                    status.accept("Wrote the model report " + file);
                })
                .onCancelled(() -> status.accept("Model report cancelled; nothing was written"))
                .onFailure(e -> errorSink.accept("Cannot write the model report: " + BackgroundTask.messageOf(e)))
                .onFinished(() -> busy.set(false)));
    }
}
