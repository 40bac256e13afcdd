package dev.bitflow.app.viewmodel.sf;

import dev.bitflow.app.viewmodel.ModelData;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.engine.api.analysis.AnalysisService;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfReportOptions;
import dev.bitflow.engine.api.analysis.SfVariantResult;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The SF and BatchNorm view's state: the engine's SF cancellation report of the trained model on real test
 * images (computed in the background on demand), the analysed layers, the selected layer's channels and the
 * selected channel (its histogram of integer pre-activations and thresholds).
 */
public final class SfReportViewModel {
    private final AnalysisService analysis;
    private final TaskExecutor tasks;
    private final ObjectProperty<TrainedModel> model = new SimpleObjectProperty<>();
    private final ObjectProperty<DataLocation> data = new SimpleObjectProperty<>(DataLocation.mini());
    private final IntegerProperty testExamples = new SimpleIntegerProperty(500);
    private final IntegerProperty trainExamples = new SimpleIntegerProperty(1000);
    private final ReadOnlyObjectWrapper<SfReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SfVariantResult> variants = FXCollections.observableArrayList();
    private final ObservableList<SfLayerReport> layers = FXCollections.observableArrayList();
    private final ObjectProperty<SfLayerReport> layer = new SimpleObjectProperty<>();
    private final ObservableList<SfChannelReport> channels = FXCollections.observableArrayList();
    private final ObjectProperty<SfChannelReport> channel = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Consumer<String> errorSink = m -> { };

    public SfReportViewModel(AnalysisService analysis, TaskExecutor tasks) {
        this.analysis = analysis;
        this.tasks = tasks;
        model.addListener((o, a, m) -> {
            report.set(null);
            variants.clear();
            layers.clear();
            layer.set(null);
            data.set(m == null ? DataLocation.mini() : ModelData.of(m.definition()));
            status.set(m == null ? "" : "Model " + m.definition().name() + ": press Analyse");
        });
        layer.addListener((o, a, l) -> {
            channels.setAll(l == null ? java.util.List.of() : l.channels());
            channel.set(l == null || l.channels().isEmpty() ? null : l.channels().get(0));
        });
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    public ObjectProperty<TrainedModel> modelProperty() {
        return model;
    }

    public ObjectProperty<DataLocation> dataProperty() {
        return data;
    }

    public IntegerProperty testExamplesProperty() {
        return testExamples;
    }

    public IntegerProperty trainExamplesProperty() {
        return trainExamples;
    }

    public ReadOnlyObjectProperty<SfReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ObservableList<SfVariantResult> variants() {
        return variants;
    }

    public ObservableList<SfLayerReport> layers() {
        return layers;
    }

    /** The layer whose channels are listed. */
    public ObjectProperty<SfLayerReport> layerProperty() {
        return layer;
    }

    public ObservableList<SfChannelReport> channels() {
        return channels;
    }

    /** The channel whose histogram is drawn. */
    public ObjectProperty<SfChannelReport> channelProperty() {
        return channel;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Computes the report in the background. */
    public void analyse() {
        TrainedModel m = model.get();
        if (m == null || busy.get()) {
            return;
        }
        busy.set(true);
        DataLocation where = data.get();
        SfReportOptions options = SfReportOptions.defaults().withTestExamples(testExamples.get())
                .withTrainExamples(trainExamples.get());
        status.set("Analysing " + m.definition().name() + " on " + where + "...");
        tasks.execute(BackgroundTask.of("SF report of " + m.definition().name(),
                        mon -> analysis.sfReport(m, where, options, mon))
                .inStatusLine()
                .onSuccess(r -> {
                    if (m != model.get()) {
                        return; // the model changed while this ran: its report no longer applies
                    }
                    report.set(r);
                    variants.setAll(r.variants());
                    layers.setAll(r.layers());
                    layer.set(r.layers().isEmpty() ? null : r.layers().get(0));
                    status.set(r.layers().size() + " binary layers on " + r.testData());
                })
                .onFailure(e -> {
                    String text = "Cannot analyse: " + BackgroundTask.messageOf(e);
                    status.set(text);
                    errorSink.accept(text);
                })
                .onCancelled(() -> status.set("Analysis cancelled"))
                .onFinished(() -> busy.set(false)));
    }
}
