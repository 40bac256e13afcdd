package dev.bitflow.app.viewmodel.step;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.List;
import java.util.Locale;
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
 * The step-through view's state: which binary layer, output channel, position and test image; the engine's
 * {@link StepThrough} of that output bit; and how far the explanation has stepped ({@link #STEPS}: input
 * bits, weight bits, XNOR, popcount, dot product, BatchShift, sign), with the float path's values beside.
 */
public final class StepThroughViewModel {
    /** The steps, in order. */
    public static final List<String> STEPS = List.of("Input bits", "Weight bits", "XNOR", "Popcount",
            "Dot product", "BatchShift", "Sign");

    private final FusionService fusion;
    private final DefinitionService definitions;
    private final TaskExecutor tasks;
    private final ObjectProperty<TrainedModel> model = new SimpleObjectProperty<>();
    private final ObjectProperty<DataLocation> data = new SimpleObjectProperty<>(DataLocation.mini());
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Shape> outputShape = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty channel = new SimpleIntegerProperty(0);
    private final IntegerProperty y = new SimpleIntegerProperty(0);
    private final IntegerProperty x = new SimpleIntegerProperty(0);
    private final IntegerProperty example = new SimpleIntegerProperty(0);
    private final ReadOnlyObjectWrapper<StepThrough> result = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty step = new SimpleIntegerProperty(0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Consumer<String> errorSink = m -> { };

    public StepThroughViewModel(FusionService fusion, DefinitionService definitions, TaskExecutor tasks) {
        this.fusion = fusion;
        this.definitions = definitions;
        this.tasks = tasks;
        model.addListener((o, a, m) -> {
            result.set(null);
            layers.setAll(m == null ? List.of() : binaryLayers(m));
            layer.set(layers.isEmpty() ? null : layers.get(0));
        });
        layer.addListener((o, a, l) -> {
            outputShape.set(l == null ? null : shapeOf(l));
            clampPosition();
        });
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    private List<String> binaryLayers(TrainedModel m) {
        List<LayerSpec> all = m.definition().layers();
        // The first weight layer takes real input and is fused as a float threshold, not XNOR: skip it.
        return all.stream().filter(l -> l instanceof Conv2dSpec c && c.weights() == Precision.BINARY
                        || l instanceof DenseSpec d && d.weights() == Precision.BINARY)
                .filter(l -> all.indexOf(l) > 0 && !isLastWeightLayer(all, l))
                .map(LayerSpec::name).toList();
    }

    private static boolean isLastWeightLayer(List<LayerSpec> all, LayerSpec l) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof Conv2dSpec || all.get(i) instanceof DenseSpec) {
                return all.get(i) == l;
            }
        }
        return false;
    }

    private Shape shapeOf(String name) {
        TrainedModel m = model.get();
        if (m == null) {
            return null;
        }
        return definitions.check(m.definition()).shapes().stream().filter(s -> s.layer().equals(name))
                .map(LayerShape::output).findFirst().orElse(null);
    }

    private void clampPosition() {
        Shape s = outputShape.get();
        if (s == null) {
            return;
        }
        channel.set(Math.min(channel.get(), s.channels() - 1));
        y.set(Math.min(y.get(), s.height() - 1));
        x.set(Math.min(x.get(), s.width() - 1));
    }

    public ObjectProperty<TrainedModel> modelProperty() {
        return model;
    }

    public ObjectProperty<DataLocation> dataProperty() {
        return data;
    }

    public ObservableList<String> layers() {
        return layers;
    }

    public ObjectProperty<String> layerProperty() {
        return layer;
    }

    /** The selected layer's output grid (channels x height x width): the bounds of channel, y and x. */
    public ReadOnlyObjectProperty<Shape> outputShapeProperty() {
        return outputShape.getReadOnlyProperty();
    }

    public IntegerProperty channelProperty() {
        return channel;
    }

    public IntegerProperty yProperty() {
        return y;
    }

    public IntegerProperty xProperty() {
        return x;
    }

    /** Index of the test image. */
    public IntegerProperty exampleProperty() {
        return example;
    }

    public ReadOnlyObjectProperty<StepThrough> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** How many steps are shown, 0 .. {@code STEPS.size() - 1}. */
    public IntegerProperty stepProperty() {
        return step;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void next() {
        step.set(Math.min(STEPS.size() - 1, step.get() + 1));
    }

    public void back() {
        step.set(Math.max(0, step.get() - 1));
    }

    public void showAll() {
        step.set(STEPS.size() - 1);
    }

    /** Asks the engine for the selected output bit (in the background) and starts at the first step. */
    public void compute() {
        TrainedModel m = model.get();
        String l = layer.get();
        if (m == null || l == null || busy.get()) {
            return;
        }
        busy.set(true);
        int ex = example.get();
        int c = channel.get();
        int yy = y.get();
        int xx = x.get();
        DataLocation where = data.get();
        status.set(String.format(Locale.ROOT, "Computing %s channel %d at (%d, %d), test image %d...", l, c, yy, xx, ex));
        tasks.execute(BackgroundTask.of("Step-through " + l, mon -> fusion.stepThrough(m, where, ex, l, c, yy, xx))
                .onSuccess(r -> {
                    result.set(r);
                    step.set(0);
                    status.set(String.format(Locale.ROOT, "%s, channel %d, position (%d, %d), test image %d: fused bit %s, float sign %s",
                            r.layer(), r.channel(), r.y(), r.x(), r.example(), r.outputBit() ? "+1" : "-1",
                            r.floatSign() ? "+1" : "-1"));
                })
                .onFailure(e -> {
                    String text = "Cannot step through: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    status.set(text);
                    errorSink.accept(text);
                })
                .onFinished(() -> busy.set(false)));
    }

    /** The explanation of each step for a result, one line each (what the view prints beside the bits). */
    public static List<String> explain(StepThrough r) {
        int k = r.kernel();
        return List.of(
                String.format(Locale.ROOT, "the receptive field at (%d, %d): %d\u00d7%d taps \u00d7 %d input channels = %d bits; "
                        + "%d of them valid (zero padding does not count).", r.y(), r.x(), k, k, r.inChannels(),
                        r.inputBits().length, r.kEff()),
                String.format(Locale.ROOT, "filter %d%s.", r.channel(),
                        r.flipped() ? ", negated because \u03b3 < 0" : ""),
                "white where input and weight bit agree (the product is +1), black where they differ (\u22121).",
                String.format(Locale.ROOT, "%d agreeing bits of K_eff = %d.", r.popcount(), r.kEff()),
                String.format(Locale.ROOT, "s' = 2 \u00b7 popcount \u2212 K_eff = 2 \u00b7 %d \u2212 %d = %d.",
                        r.popcount(), r.kEff(), r.dotProduct()),
                r.constant() ? "This channel is constant (\u03b3 = 0): BatchShift is not used."
                        : String.format(Locale.ROOT, "s' + B = %d + (%d) = %d (one integer addition replaces SF, BatchNorm and the threshold).", r.dotProduct(),
                        r.batchShift(), r.dotProduct() + r.batchShift()),
                String.format(Locale.ROOT, "%s \u2192 output bit %s. Float path: \u03b1\u00b7s + b = %.4f, "
                                + "BatchNorm = %.4f, sign %s: %s.",
                        r.constant() ? "constant" : (r.dotProduct() + r.batchShift()) + (r.dotProduct() + r.batchShift() >= 0 ? " \u2265 0" : " < 0"),
                        r.outputBit() ? "+1" : "\u22121", r.floatPreActivation(), r.floatBatchNorm(),
                        r.floatSign() ? "+1" : "\u22121", r.outputBit() == r.floatSign() ? "the same bit" : "DIFFERENT (a rounding tie?)"));
    }
}
