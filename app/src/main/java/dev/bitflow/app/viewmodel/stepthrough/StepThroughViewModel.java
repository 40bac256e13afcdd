package dev.bitflow.app.viewmodel.stepthrough;

import dev.bitflow.app.viewmodel.ModelData;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.stepthrough.StepCard.Step;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LayerType;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReceptiveField;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The step-through's state: a fused binary layer of the session's model, an output channel and position on
 * the layer's conv output grid, and a test image of the model's own data ({@link ModelData}); the engine's
 * {@link FusionService#stepThrough} result for them, the image, the receptive field of the position on it
 * ({@link DefinitionService#receptiveField}), the layer's map of output bits around the bit (a choice on the map:
 * {@link #selectTile}), and the seven {@link StepCard}s (input bits, weight bits, XNOR, popcount, dot product,
 * BatchShift, output bit) with the float path's values beside them.
 * Any change of the choice recomputes in the background (the latest choice wins) on the session's fused model
 * ({@link ModelSession#fusedModel}: the model is fused once, not on every click); {@link #next()} and
 * {@link #previous()} move through the steps.
 */
public final class StepThroughViewModel {

    /**
     * A layer that can be stepped through.
     *
     * @param name     the conv/dense layer
     * @param kind     {@code conv} or {@code dense}
     * @param channels output channels
     * @param height   rows of the conv output grid (1 for dense)
     * @param width    columns of it (1 for dense)
     * @param layout   how its receptive field is drawn
     */
    public record LayerChoice(String name, String kind, int channels, int height, int width, TileLayout layout) {
        @Override
        public String toString() {
            return name + "  \u00b7  " + kind + ", " + channels + " ch";
        }
    }

    private final ModelSession session;
    private final FusionService fusion;
    private final DefinitionService definitions;
    private final DatasetService datasets;
    private final TaskExecutor tasks;
    private final ObservableList<LayerChoice> layers = FXCollections.observableArrayList();
    private final ObjectProperty<LayerChoice> layer = new SimpleObjectProperty<>();
    private final IntegerProperty channel = new SimpleIntegerProperty();
    private final IntegerProperty y = new SimpleIntegerProperty();
    private final IntegerProperty x = new SimpleIntegerProperty();
    private final IntegerProperty example = new SimpleIntegerProperty();
    private final ReadOnlyIntegerWrapper exampleCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyObjectWrapper<StepThrough> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LayerChoice> resultLayer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImageSample> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ReceptiveField> field = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper fieldMargin = new ReadOnlyIntegerWrapper();
    private final ObservableList<StepCard> cards = FXCollections.observableArrayList();
    private final IntegerProperty stepIndex = new SimpleIntegerProperty();
    private final ObjectBinding<StepCard> card;
    private final BooleanBinding canNext;
    private final BooleanBinding canPrevious;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty active = new SimpleBooleanProperty(true);
    private boolean adjusting;
    private boolean pending;
    private boolean stale;

    public StepThroughViewModel(ModelSession session, FusionService fusion, DefinitionService definitions,
                                DatasetService datasets, TaskExecutor tasks) {
        this.session = Objects.requireNonNull(session);
        this.fusion = Objects.requireNonNull(fusion);
        this.definitions = Objects.requireNonNull(definitions);
        this.datasets = Objects.requireNonNull(datasets);
        this.tasks = Objects.requireNonNull(tasks);
        this.card = Bindings.createObjectBinding(() -> cards.isEmpty() ? null
                : cards.get(Math.max(0, Math.min(stepIndex.get(), cards.size() - 1))), cards, stepIndex);
        this.canNext = Bindings.createBooleanBinding(() -> stepIndex.get() < cards.size() - 1, cards, stepIndex);
        this.canPrevious = Bindings.createBooleanBinding(() -> stepIndex.get() > 0 && !cards.isEmpty(), cards, stepIndex);
        layer.addListener((o, a, b) -> {
            if (!adjusting) {
                clampAndRefresh();
            }
        });
        for (IntegerProperty p : List.of(channel, y, x, example)) {
            p.addListener((o, a, b) -> {
                if (!adjusting) {
                    clampAndRefresh();
                }
            });
        }
        active.addListener((o, a, on) -> {
            if (on && stale) {
                refresh();
            }
        });
        session.modelProperty().addListener((o, a, m) -> modelChanged(m));
        modelChanged(session.model());
    }

    /**
     * Whether the step-through is on screen (the view binds it). While inactive, changes only mark the result
     * stale; it is computed when the view is shown, so a new model does not start engine work nobody looks at.
     */
    public BooleanProperty activeProperty() {
        return active;
    }

    // ---- state -------------------------------------------------------------------------------------

    public ModelSession session() {
        return session;
    }

    /** The fused binary layers of the model. */
    public ObservableList<LayerChoice> layers() {
        return layers;
    }

    public ObjectProperty<LayerChoice> layerProperty() {
        return layer;
    }

    /** Output channel, 0..channels-1 of the layer. */
    public IntegerProperty channelProperty() {
        return channel;
    }

    /** Row on the layer's conv output grid. */
    public IntegerProperty yProperty() {
        return y;
    }

    /** Column on the layer's conv output grid. */
    public IntegerProperty xProperty() {
        return x;
    }

    /** Index of the test image in the model's test set. */
    public IntegerProperty exampleProperty() {
        return example;
    }

    /** Test images available (0 until known). */
    public ReadOnlyIntegerProperty exampleCountProperty() {
        return exampleCount.getReadOnlyProperty();
    }

    /** The engine's step-through of the current choice, or null. */
    public ReadOnlyObjectProperty<StepThrough> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /**
     * The layer of {@link #resultProperty()} (set just before it): the layer chosen when it was asked for. Draw the
     * result with this one: while the next result is computed, the chosen layer may already be another.
     */
    public ReadOnlyObjectProperty<LayerChoice> resultLayerProperty() {
        return resultLayer.getReadOnlyProperty();
    }

    /** The chosen test image, or null. */
    public ReadOnlyObjectProperty<ImageSample> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** Where the current result's output position looks on the image ({@link #imageProperty()}), or null. */
    public ReadOnlyObjectProperty<ReceptiveField> fieldProperty() {
        return field.getReadOnlyProperty();
    }

    /**
     * How far (in image pixels) any field of the current layer reaches beyond the image edge: the room a drawing
     * leaves around the image, the same for every position of the layer.
     */
    public ReadOnlyIntegerProperty fieldMarginProperty() {
        return fieldMargin.getReadOnlyProperty();
    }

    /** The seven steps of the current result (empty without one). */
    public ObservableList<StepCard> cards() {
        return cards;
    }

    /** The step shown, 0..6. */
    public IntegerProperty stepIndexProperty() {
        return stepIndex;
    }

    public ObjectBinding<StepCard> cardProperty() {
        return card;
    }

    public BooleanBinding canNextProperty() {
        return canNext;
    }

    public BooleanBinding canPreviousProperty() {
        return canPrevious;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Why there is no step-through (empty when there is one). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    // ---- actions ------------------------------------------------------------------------------------

    public void next() {
        if (canNext.get()) {
            stepIndex.set(stepIndex.get() + 1);
        }
    }

    public void previous() {
        if (canPrevious.get()) {
            stepIndex.set(stepIndex.get() - 1);
        }
    }

    /**
     * Chooses the bit at ({@code row}, {@code col}) of the result's map ({@link StepThrough#mapBits()}), as a click on
     * it does: a position of the conv grid (same channel), or for a dense layer the unit in column {@code col}.
     * Outside the map, nothing happens.
     */
    public void selectOnMap(int row, int col) {
        StepThrough r = result.get();
        LayerChoice l = resultLayer.get();
        if (r == null || l == null || row < 0 || col < 0 || row >= r.mapRows() || col >= r.mapCols()) {
            return;
        }
        if (l.kind().equals("dense")) {
            choose(l, col, 0, 0, example.get());
        } else {
            choose(l, channel.get(), row, col, example.get());
        }
    }

    /** How the map of {@code r} is drawn: the conv grid as one slice, a dense layer's units as a near-square grid. */
    public static TileLayout mapLayout(StepThrough r, LayerChoice l) {
        return l.kind().equals("dense") ? TileLayout.flat(r.mapCols()) : TileLayout.flattened(1, r.mapRows(), r.mapCols());
    }

    /** The index in {@link StepThrough#mapBits()} of the bit taken apart. */
    public static int markedTile(StepThrough r, LayerChoice l) {
        return l.kind().equals("dense") ? r.channel() : r.y() * r.mapCols() + r.x();
    }

    /** Chooses bit {@code index} of the map ({@link StepThrough#mapBits()} order), as a click on its tile does. */
    public void selectTile(int index) {
        StepThrough r = result.get();
        if (r != null && index >= 0) {
            selectOnMap(index / r.mapCols(), index % r.mapCols());
        }
    }

    /** Chooses a layer, channel, position and image at once (one recomputation). */
    public void choose(LayerChoice l, int c, int row, int col, int ex) {
        adjusting = true;
        try {
            layer.set(l);
            channel.set(c);
            y.set(row);
            x.set(col);
            example.set(ex);
        } finally {
            adjusting = false;
        }
        clampAndRefresh();
    }

    private void clampAndRefresh() {
        LayerChoice l = layer.get();
        adjusting = true;
        try {
            if (l != null) {
                channel.set(clamp(channel.get(), l.channels()));
                y.set(clamp(y.get(), l.height()));
                x.set(clamp(x.get(), l.width()));
            }
            if (exampleCount.get() > 0) {
                example.set(clamp(example.get(), exampleCount.get()));
            }
        } finally {
            adjusting = false;
        }
        refresh();
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(v, n - 1));
    }

    /** Recomputes the step-through for the current choice in the background (queued while one runs). */
    public void refresh() {
        TrainedModel m = session.model();
        LayerChoice l = layer.get();
        if (m == null || l == null) {
            return;
        }
        if (!active.get()) {
            stale = true;
            return;
        }
        if (busy.get()) {
            pending = true;
            return;
        }
        pending = false;
        stale = false;
        int c = channel.get();
        int row = y.get();
        int col = x.get();
        int ex = example.get();
        busy.set(true);
        record Loaded(StepThrough step, ImageSample sample, ReceptiveField field, int margin) {
        }
        tasks.execute(BackgroundTask.of("Taking " + l.name() + " channel " + c + " apart", monitor -> {
                    ImageSample sample = datasets.sample(m.definition(), ModelData.of(m.definition()), DataSplit.TEST, ex);
                    monitor.checkCancelled();
                    StepThrough step = fusion.stepThrough(session.fusedModel(m, monitor), ModelData.of(m.definition()), ex, l.name(), c, row,
                            col);
                    ReceptiveField first = definitions.receptiveField(m.definition(), l.name(), 0, 0);
                    ReceptiveField last = definitions.receptiveField(m.definition(), l.name(), l.height() - 1, l.width() - 1);
                    int margin = Math.max(Math.max(0, Math.max(-first.top(), -first.left())),
                            Math.max(last.bottom() - (last.imageHeight() - 1), last.right() - (last.imageWidth() - 1)));
                    return new Loaded(step, sample, definitions.receptiveField(m.definition(), l.name(), row, col), margin);
                })
                .onSuccess(r -> {
                    if (m == session.model()) {
                        error.set("");
                        fieldMargin.set(r.margin());
                        field.set(r.field());
                        resultLayer.set(l);
                        result.set(r.step());
                        image.set(r.sample());
                        int keep = stepIndex.get();
                        cards.setAll(cards(r.step(), l));
                        stepIndex.set(Math.min(keep, cards.size() - 1));
                    }
                })
                .onFailure(e -> error.set("Cannot take the bit apart: "
                        + BackgroundTask.messageOf(e)))
                .onFinished(() -> {
                    busy.set(false);
                    if (pending) {
                        refresh();
                    }
                }));
    }

    private void modelChanged(TrainedModel m) {
        adjusting = true;
        try {
            result.set(null);
            resultLayer.set(null);
            image.set(null);
            field.set(null);
            cards.clear();
            stepIndex.set(0);
            error.set("");
            layers.clear();
            layer.set(null);
            exampleCount.set(0);
            if (m == null) {
                return;
            }
            NetworkDefinition def = m.definition();
            List<FusionProblem> problems = fusion.check(def);
            if (!problems.isEmpty()) {
                error.set("This model cannot be fused exactly, so there is no bit-level layer to step through: "
                        + String.join("; ", problems.stream().map(FusionProblem::toString).toList()));
                return;
            }
            layers.setAll(binaryLayers(def, definitions.check(def)));
            if (layers.isEmpty()) {
                error.set("Model '" + def.name() + "' has no binary layer (binary weights on \u00b11 input).");
                return;
            }
            layer.set(layers.get(0));
            LayerChoice l = layers.get(0);
            channel.set(0);
            y.set(l.height() / 2);
            x.set(l.width() / 2);
            example.set(0);
        } finally {
            adjusting = false;
        }
        if (m.definition().dataset() != null) {
            tasks.execute(BackgroundTask.of("Counting test images",
                            monitor -> datasets.size(m.definition(), ModelData.of(m.definition()), DataSplit.TEST))
                    .onSuccess(n -> {
                        if (m == session.model()) {
                            exampleCount.set(n);
                        }
                    })
                    .onFailure(e -> error.set("The model's test images cannot be read: " + e.getMessage())));
        }
        refresh();
    }

    /** The layers with binary weights on ±1 input, with their output grids and receptive-field layouts. */
    static List<LayerChoice> binaryLayers(NetworkDefinition def, DesignReport report) {
        List<LayerChoice> out = new ArrayList<>();
        List<LayerSpec> specs = def.layers();
        for (int i = 0; i < specs.size() && i < report.shapes().size(); i++) {
            LayerSpec spec = specs.get(i);
            LayerShape shape = report.shapes().get(i);
            if (!shape.binaryInput() || shape.input() == null || shape.output() == null) {
                continue;
            }
            if (spec instanceof Conv2dSpec c && c.weights() == Precision.BINARY) {
                Shape o = shape.output();
                out.add(new LayerChoice(c.name(), "conv", o.channels(), o.height(), o.width(),
                        TileLayout.conv(c.kernel(), shape.input().channels())));
            } else if (spec instanceof DenseSpec d && d.weights() == Precision.BINARY) {
                out.add(new LayerChoice(d.name(), "dense", d.units(), 1, 1, denseLayout(specs, report, i)));
            }
        }
        return out;
    }

    private static TileLayout denseLayout(List<LayerSpec> specs, DesignReport report, int dense) {
        int n = (int) report.shapes().get(dense).input().size();
        for (int j = dense - 1; j >= 0; j--) {
            LayerType type = specs.get(j).type();
            if (type == LayerType.DROPOUT) {
                continue;
            }
            Shape in = report.shapes().get(j).input();
            if (type == LayerType.FLATTEN && in != null && !in.flat() && in.size() == n) {
                return TileLayout.flattened(in.channels(), in.height(), in.width());
            }
            break;
        }
        return TileLayout.flat(n);
    }

    // ---- where the bit sits -------------------------------------------------------------------------

    /** The receptive field in words, for the caption under the image. */
    public static String describe(ReceptiveField f) {
        if (f.jump() == 0) {
            return String.format(Locale.ROOT, "A unit of %s reads the whole flattened map: rows %d\u2013%d, columns "
                    + "%d\u2013%d of the %d \u00d7 %d image%s", f.layer(), f.pixelTop(), f.pixelBottom(), f.pixelLeft(),
                    f.pixelRight(), f.imageHeight(), f.imageWidth(), f.beyondEdge()
                            ? "; the dashed frame is the padding its conv layers read." : ".");
        }
        String size = String.format(Locale.ROOT, "Receptive field of (y %d, x %d): %d \u00d7 %d pixels, neighbours %d "
                + "pixel%s apart.", f.y(), f.x(), f.height(), f.width(), f.jump(), f.jump() == 1 ? "" : "s");
        if (!f.dependsOnImage()) {
            return size + " It lies on the padding only: this bit depends on no pixel.";
        }
        String region = String.format(Locale.ROOT, " It reads rows %d\u2013%d, columns %d\u2013%d of the %d \u00d7 %d "
                        + "image", f.pixelTop(), f.pixelBottom(), f.pixelLeft(), f.pixelRight(), f.imageHeight(),
                f.imageWidth());
        return size + region + (f.beyondEdge() ? "; the dashed part lies beyond the edge, where the layers read padding."
                : ".");
    }

    /** The map in words, for the caption under it. */
    public static String describeMap(StepThrough r, LayerChoice l) {
        int ones = 0;
        for (boolean b : r.mapBits()) {
            ones += b ? 1 : 0;
        }
        if (l.kind().equals("dense")) {
            return String.format(Locale.ROOT, "The %d output bits of %s; unit %d is marked. %d are +1 (white). Click a "
                    + "unit to take it apart.", r.mapCols(), l.name(), r.channel(), ones);
        }
        return String.format(Locale.ROOT, "Channel %d of %s: %d \u00d7 %d output bits (before pooling), %d of %d are +1 "
                + "(white); (y %d, x %d) is marked. Click a position to take it apart.", r.channel(), l.name(), r.mapRows(),
                r.mapCols(), ones, r.mapBits().length, r.y(), r.x());
    }

    // ---- the steps ----------------------------------------------------------------------------------

    /** The seven steps of one output bit, with its numbers. */
    public static List<StepCard> cards(StepThrough r, LayerChoice l) {
        int k = r.inputBits().length;
        int padded = k - r.kEff();
        int mismatches = r.kEff() - r.popcount();
        int s = r.flipped() ? -r.dotProduct() : r.dotProduct();
        int sum = r.dotProduct() + r.batchShift();
        String sp = r.flipped() ? "s'" : "s";
        String where = l.kind().equals("conv") ? "output position (y " + r.y() + ", x " + r.x() + ")" : "this output";
        List<StepCard> list = new ArrayList<>();

        String field = l.kind().equals("conv")
                ? String.format(Locale.ROOT, "K = %d \u00d7 %d taps \u00d7 %d input channels = %,d bits", r.kernel(), r.kernel(),
                r.inChannels(), k)
                : String.format(Locale.ROOT, "K = %,d input bits", k);
        list.add(new StepCard(Step.INPUT, "Input bits", field + (padded == 0 ? ""
                : String.format(Locale.ROOT, "; %d fall on the zero padding", padded)),
                "These are the bits " + l.name() + " reads for " + where + ": the previous layer's sign outputs, "
                        + "+1 stored as bit 1 (white) and \u22121 as bit 0 (black), one small grid per input channel."
                        + (padded == 0 ? " All taps lie inside the input, so every bit counts."
                        : " Crossed tiles fall on the zero padding: in training they add 0 to the sum, so the binary "
                        + "kernel masks them out instead of treating them as \u22121."),
                "The float network sees the same \u00b11 values."));

        list.add(new StepCard(Step.WEIGHTS, "Weight bits", String.format(Locale.ROOT,
                "w = sign(W) of output channel %d%s", r.channel(), r.flipped() ? ", negated (\u03b3 < 0)" : ""),
                "The channel's binary weights, laid out like the input. Training keeps float \"latent\" weights; "
                        + "inference only needs their signs, 1 bit each."
                        + (r.flipped() ? " This channel's BatchNorm \u03b3 is negative, so fusion stored the weights "
                        + "negated: the dot product becomes s' = \u2212s and the test stays \"s' + B \u2265 0\"." : ""),
                String.format(Locale.ROOT, "Float path: the same signs, times the scaling factor \u03b1 = %s.", num(r.alpha()))));

        list.add(new StepCard(Step.XNOR, "XNOR", "x = XNOR(a, w) = NOT (a XOR w)",
                "XNOR is 1 (white) where input and weight bit are equal, because then their \u00b11 product is +1; "
                        + "it is 0 (black) where they differ, a product of \u22121. One logic operation replaces a "
                        + "multiplication, 64 of them per machine word.",
                "Float path: the K products a \u00b7 w, each +1 or \u22121."));

        list.add(new StepCard(Step.POPCOUNT, "Popcount", String.format(Locale.ROOT,
                "popcount = %,d of K_eff = %,d valid bits", r.popcount(), r.kEff()),
                String.format(Locale.ROOT, "popcount counts the 1 bits: %,d products are +1, the other %,d are \u22121. ",
                        r.popcount(), mismatches)
                        + (padded == 0 ? "Here K_eff = K: no tap is padded."
                        : String.format(Locale.ROOT, "Only valid taps count: K_eff = K \u2212 %d padded = %,d.", padded, r.kEff())),
                ""));

        list.add(new StepCard(Step.DOT_PRODUCT, "Dot product", String.format(Locale.ROOT,
                "%s = 2 \u00b7 popcount \u2212 K_eff = 2 \u00b7 %,d \u2212 %,d = %d%s", sp, r.popcount(), r.kEff(), r.dotProduct(),
                r.flipped() ? String.format(Locale.ROOT, "   (s = \u2212s' = %d)", s) : ""),
                "The +1 products minus the \u22121 products: popcount \u2212 (K_eff \u2212 popcount). Equivalently "
                        + "K_eff \u2212 2 \u00b7 popcount(a XOR w). This integer is exactly the dot product of the \u00b11 "
                        + "inputs with the \u00b11 weights that the float network computes.",
                String.format(Locale.ROOT, "Float path: pre-activation \u03b1s + b = %s  (\u03b1 = %s, s = %d)",
                        num(r.floatPreActivation()), num(r.alpha()), s)));

        list.add(new StepCard(Step.BATCH_SHIFT, "BatchShift",
                r.constant() ? "constant channel: \u03b3 = 0 (or \u03b1 = 0)"
                        : String.format(Locale.ROOT, "%s + B = %d %s %d = %d", sp, r.dotProduct(), r.batchShift() < 0 ? "\u2212" : "+",
                        Math.abs(r.batchShift()), sum),
                r.constant() ? "BatchNorm multiplies this channel by \u03b3 = 0, so its output never depends on s: fusion "
                        + "stores it as a constant bit, sign(\u03b2)."
                        : "B is this channel's BatchShift: the scaling factor \u03b1, BatchNorm (\u03b3, \u03b2, \u03bc, \u03c3) "
                        + "and the sign threshold folded into one integer, B = \u2212\u2308\u03c4\u2309 with "
                        + "\u03c4 = (\u03bc \u2212 \u03b2\u03c3/\u03b3 \u2212 b)/\u03b1. The float network outputs +1 exactly when "
                        + "s \u2265 \u03c4; since s is an integer that is s \u2265 \u2308\u03c4\u2309, so the integer test is exact.",
                "Float path: BatchNorm z = \u03b3 (\u03b1s + b \u2212 \u03bc)/\u03c3 + \u03b2 = " + num(r.floatBatchNorm())));

        boolean agree = r.outputBit() == r.floatSign();
        String outcome = r.constant() ? "output = " + bit(r.outputBit()) + " (constant)"
                : String.format(Locale.ROOT, "%d %s 0  \u2192  output bit %s", sum, sum >= 0 ? "\u2265" : "<", bit(r.outputBit()));
        list.add(new StepCard(Step.OUTPUT, "Output bit", outcome,
                (r.constant() ? "The constant bit is the output. "
                        : "The output is the sign bit of one integer addition: no float operation was needed. ")
                        + (agree ? "The float network's sign(z) gives the same " + bit(r.floatSign()) + "."
                        : "The float network's sign(z) is " + bit(r.floatSign()) + " here: z = " + num(r.floatBatchNorm())
                        + " lies within float32 rounding of 0 (a tie), where the float path itself is unreliable."),
                "Float path: sign(z) = sign(" + num(r.floatBatchNorm()) + ") = " + bit(r.floatSign())
                        + (agree ? "  \u2714 same bit" : "  \u2260 (rounding tie)")));
        return list;
    }

    private static String bit(boolean b) {
        return b ? "+1" : "\u22121";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.5g", v).replace("-", "\u2212");
    }
}
