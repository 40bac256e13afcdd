package dev.bitflow.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DefinitionFormatException;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LayerType;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.model.json.JsonFieldError;
import dev.bitflow.engine.model.json.JsonLocations;
import dev.bitflow.engine.model.json.JsonNames;
import dev.bitflow.engine.model.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code *.bitflow.json} codec (format {@value #FORMAT}, version
 * {@value NetworkDefinition#CURRENT_FORMAT_VERSION}); the format is documented in
 * {@code docs/definition-format.md}.
 *
 * <p>Reading is strict and all-or-nothing: the first problem raises one {@link BadInputException} naming
 * the source, the line and the JSON path; no partially read definition is ever returned. Writing puts one
 * layer per line so that files diff and edit well. {@link #toTree}/{@link #fromTree} let other file formats
 * (trained and fused model files) embed a definition as a JSON subtree with the same rules.
 */
public final class DefinitionCodec {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "bitflow-definition";

    private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}");

    private static final List<String> TOP = List.of("format", "version", "name", "description", "input",
            "layers", "training", "dataset");
    private static final List<String> INPUT = List.of("channels", "height", "width");
    private static final List<String> TRAINING = List.of("optimizer", "learningRate", "momentum", "schedule",
            "epochs", "batchSize", "seed", "validationFraction", "augmentation");
    private static final List<String> AUGMENTATION = List.of("cropPadding", "shift", "horizontalFlip");
    private static final List<String> SCHEDULE = List.of("kind", "stepEpochs", "gamma", "warmupFraction");
    private static final List<String> DATASET = List.of("id", "classes", "normalization", "location", "classNames",
            "resize", "options");
    private static final List<String> PADDING = List.of("mode", "amount");
    /** The JSON names of every layer type, for messages. */
    private static final String LAYER_TYPE_NAMES = Arrays.stream(LayerType.values()).map(LayerType::jsonName)
            .collect(Collectors.joining(", "));

    /** Defaults of optional fields (documented in docs/definition-format.md). */
    public static final double DEFAULT_BN_EPSILON = 1e-5;
    public static final double DEFAULT_BN_MOMENTUM = 0.9;

    private final ObjectMapper mapper = new ObjectMapper();
    private final TrainingSpec defaultTraining;

    public DefinitionCodec(TrainingSpec defaultTraining) {
        this.defaultTraining = defaultTraining;
    }

    // ------------------------------------------------------------------------------------------ reading

    /**
     * Parses definition JSON; {@code source} names the text in error messages.
     *
     * @throws BadInputException naming source, line and JSON path of the first problem
     */
    public NetworkDefinition parse(String json, String source) {
        JsonLocations locations = JsonLocations.scan(json, source);
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (Exception e) {
            // JsonLocations accepted the text, so this cannot happen short of a Jackson bug
            throw new BadInputException(source + ": malformed JSON: " + e.getMessage(), e);
        }
        try {
            return read(tree);
        } catch (JsonFieldError e) {
            throw new DefinitionFormatException(source, locations.lineOf(e.path()), e.path(), e.getMessage());
        }
    }

    /**
     * Reads a definition embedded as a JSON subtree (no line numbers available); errors name
     * {@code source} and the JSON path relative to the subtree.
     */
    public NetworkDefinition fromTree(JsonNode tree, String source) {
        try {
            return read(tree);
        } catch (JsonFieldError e) {
            throw new BadInputException(source + ": " + e.path() + ": " + e.getMessage());
        }
    }

    private NetworkDefinition read(JsonNode tree) {
        if (tree != null && tree.isObject()) {
            // identify the file before judging its fields, so a foreign JSON file gets a useful message
            JsonNode format = tree.get("format");
            if (format == null) {
                throw new JsonFieldError("$", "missing required field 'format' (\"" + FORMAT
                        + "\"); this is not a BitFlow network definition");
            }
            if (!format.isTextual() || !FORMAT.equals(format.textValue())) {
                throw new JsonFieldError("$.format", "expected \"" + FORMAT + "\", found "
                        + JsonObject.describe(format) + " (this is not a BitFlow network definition)");
            }
        }
        JsonObject top = JsonObject.of(tree, "$", "a network definition", TOP);
        int version = top.integer("version", 1);
        if (version > NetworkDefinition.CURRENT_FORMAT_VERSION) {
            throw new JsonFieldError(top.path("version"), "format version " + version
                    + " was written by a newer BitFlow Workbench; this build reads versions up to "
                    + NetworkDefinition.CURRENT_FORMAT_VERSION);
        }
        String name = top.nonBlankString("name");
        String description = top.string("description", "");
        JsonObject in = JsonObject.of(top.required("input"), top.path("input"), "the input shape", INPUT);
        Shape input = Shape.spatial(in.integer("channels", 1), in.integer("height", 1), in.integer("width", 1));
        JsonNode layersNode = top.required("layers");
        if (!layersNode.isArray()) {
            throw new JsonFieldError(top.path("layers"), "expected an array of layers, found "
                    + JsonObject.describe(layersNode));
        }
        List<LayerSpec> layers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < layersNode.size(); i++) {
            String at = top.path("layers") + "[" + i + "]";
            LayerSpec layer = readLayer(layersNode.get(i), at);
            Integer previous = seen.putIfAbsent(layer.name(), i);
            if (previous != null) {
                throw new JsonFieldError(at + ".name", "duplicate layer name '" + layer.name()
                        + "' (also used by $.layers[" + previous + "]); layer names must be unique");
            }
            layers.add(layer);
        }
        TrainingSpec training = top.has("training") ? readTraining(top.raw("training"), top.path("training"))
                : defaultTraining;
        DatasetRef dataset = readDataset(top.required("dataset"), top.path("dataset"));
        if (training != null) {
            checkAugmentation(training.augmentation(), input);
        }
        return new NetworkDefinition(version, name, description, input, layers, training, dataset);
    }

    private LayerSpec readLayer(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new JsonFieldError(at, "expected a layer (a JSON object), found " + JsonObject.describe(node));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null) {
            throw new JsonFieldError(at, "missing required field 'type'; one of " + LAYER_TYPE_NAMES);
        }
        LayerType type = typeNode.isTextual() ? LayerType.ofJsonName(typeNode.textValue()) : null;
        if (type == null) {
            throw new JsonFieldError(at + ".type", "unknown layer type " + JsonObject.describe(typeNode)
                    + "; expected one of " + LAYER_TYPE_NAMES);
        }
        JsonObject o = JsonObject.of(node, at, "a " + type + " layer", fields(type));
        String name = o.nonBlankString("name");
        if (!LAYER_NAME.matcher(name).matches()) {
            throw new JsonFieldError(o.path("name"), "bad layer name '" + name
                    + "': use 1-64 letters, digits, '_', '-' or '.', not starting with '-' or '.'");
        }
        return switch (type) {
            case CONV2D -> new Conv2dSpec(name, o.integer("filters", 1), o.integer("kernel", 1),
                    o.integer("stride", 1, 1), readPadding(o), o.enumValue("weights", Precision.class, Precision.FLOAT),
                    o.enumValue("scaling", ScalingFactor.class, ScalingFactor.NONE), o.bool("bias", false));
            case DENSE -> new DenseSpec(name, o.integer("units", 1),
                    o.enumValue("weights", Precision.class, Precision.FLOAT),
                    o.enumValue("scaling", ScalingFactor.class, ScalingFactor.NONE), o.bool("bias", false));
            case BATCHNORM -> new BatchNormSpec(name,
                    o.number("epsilon", 0, true, 1, false, DEFAULT_BN_EPSILON),
                    o.number("momentum", 0, false, 1, true, DEFAULT_BN_MOMENTUM),
                    o.bool("learnGamma", true));
            case SIGN -> new SignSpec(name);
            case RELU -> new ReluSpec(name);
            case MAXPOOL -> {
                int size = o.integer("size", 1);
                yield new MaxPoolSpec(name, size, o.integer("stride", 1, size));
            }
            case AVGPOOL -> {
                int size = o.integer("size", 1);
                yield new AvgPoolSpec(name, size, o.integer("stride", 1, size));
            }
            case FLATTEN -> new FlattenSpec(name);
            case DROPOUT -> new DropoutSpec(name, o.number("rate", 0, false, 1, true));
            case SOFTMAX -> new SoftmaxSpec(name);
        };
    }

    /** The fields a layer of {@code type} may have. */
    private static List<String> fields(LayerType type) {
        return switch (type) {
            case CONV2D -> List.of("type", "name", "filters", "kernel", "stride", "padding", "weights", "scaling", "bias");
            case DENSE -> List.of("type", "name", "units", "weights", "scaling", "bias");
            case BATCHNORM -> List.of("type", "name", "epsilon", "momentum", "learnGamma");
            case MAXPOOL, AVGPOOL -> List.of("type", "name", "size", "stride");
            case DROPOUT -> List.of("type", "name", "rate");
            case SIGN, RELU, FLATTEN, SOFTMAX -> List.of("type", "name");
        };
    }

    private static Padding readPadding(JsonObject layer) {
        if (!layer.has("padding")) {
            return Padding.VALID;
        }
        JsonNode p = layer.raw("padding");
        String at = layer.path("padding");
        if (p.isTextual()) {
            PaddingMode mode = JsonObject.enumOf(p, at, PaddingMode.class);
            if (mode != PaddingMode.VALID) {
                throw new JsonFieldError(at, "padding \"" + p.textValue() + "\" needs an amount: write {\"mode\": \""
                        + p.textValue() + "\", \"amount\": 1}");
            }
            return Padding.VALID;
        }
        JsonObject o = JsonObject.of(p, at, "a padding (\"valid\" or {\"mode\": ..., \"amount\": ...})", PADDING);
        PaddingMode mode = o.enumValue("mode", PaddingMode.class);
        if (mode == PaddingMode.VALID) {
            int amount = o.integer("amount", 0, 0);
            if (amount != 0) {
                throw new JsonFieldError(o.path("amount"), "valid padding has amount 0, found " + amount);
            }
            return Padding.VALID;
        }
        return new Padding(mode, o.integer("amount", 0));
    }

    private TrainingSpec readTraining(JsonNode node, String at) {
        JsonObject o = JsonObject.of(node, at, "the training section", TRAINING);
        TrainingSpec d = defaultTraining;
        return new TrainingSpec(
                o.enumValue("optimizer", Optimizer.class, d.optimizer()),
                o.number("learningRate", 0, true, 10, false, d.learningRate()),
                o.number("momentum", 0, false, 1, true, d.momentum()),
                o.has("schedule") ? readSchedule(o.raw("schedule"), o.path("schedule")) : d.schedule(),
                o.integer("epochs", 1, d.epochs()),
                o.integer("batchSize", 1, d.batchSize()),
                o.longInteger("seed", d.seed()),
                o.number("validationFraction", 0, false, 1, true, d.validationFraction()),
                o.has("augmentation") ? readAugmentation(o.raw("augmentation"), o.path("augmentation"))
                        : d.augmentation());
    }

    private static Augmentation readAugmentation(JsonNode node, String at) {
        JsonObject o = JsonObject.of(node, at, "the augmentation", AUGMENTATION);
        return new Augmentation(o.integer("cropPadding", 0, 0), o.integer("shift", 0, 0),
                o.bool("horizontalFlip", false));
    }

    /** Augmentation that moves content by the input's size or more, or needs an image, is refused. */
    private static void checkAugmentation(Augmentation a, Shape input) {
        if (a.isNone() || input == null) {
            return;
        }
        String at = "training.augmentation";
        if (input.flat()) {
            throw new JsonFieldError(at, "augmentation needs an image input (channels, height, width)");
        }
        int smaller = Math.min(input.height(), input.width());
        if (a.cropPadding() >= smaller) {
            throw new JsonFieldError(at + ".cropPadding", "must be smaller than the input's height and width ("
                    + smaller + "), found " + a.cropPadding());
        }
        if (a.shift() >= smaller) {
            throw new JsonFieldError(at + ".shift", "must be smaller than the input's height and width ("
                    + smaller + "), found " + a.shift());
        }
    }

    private static LrSchedule readSchedule(JsonNode node, String at) {
        if (node.isTextual()) {
            ScheduleKind kind = JsonObject.enumOf(node, at, ScheduleKind.class);
            LrSchedule s = defaults(kind);
            if (kind == ScheduleKind.STEP) {
                throw new JsonFieldError(at, "a step schedule needs its fields: {\"kind\": \"step\", "
                        + "\"stepEpochs\": 5, \"gamma\": 0.5}");
            }
            return s;
        }
        JsonObject o = JsonObject.of(node, at, "a learning-rate schedule", SCHEDULE);
        ScheduleKind kind = o.enumValue("kind", ScheduleKind.class);
        LrSchedule d = defaults(kind);
        int stepEpochs = kind == ScheduleKind.STEP ? o.integer("stepEpochs", 1) : o.integer("stepEpochs", 0, d.stepEpochs());
        double gamma = o.number("gamma", 0, true, 1, false, d.gamma());
        double warmup = o.number("warmupFraction", 0, false, 1, true, d.warmupFraction());
        return new LrSchedule(kind, stepEpochs, gamma, warmup);
    }

    /** The schedule a kind has when only its name is given. */
    static LrSchedule defaults(ScheduleKind kind) {
        return switch (kind) {
            case CONSTANT -> LrSchedule.CONSTANT;
            case STEP -> new LrSchedule(ScheduleKind.STEP, 1, 0.5, 0.0);
            case COSINE -> new LrSchedule(ScheduleKind.COSINE, 0, 1.0, 0.0);
            case ONE_CYCLE -> new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1.0, 0.3);
        };
    }

    private static DatasetRef readDataset(JsonNode node, String at) {
        JsonObject o = JsonObject.of(node, at, "the dataset reference", DATASET);
        String id = o.nonBlankString("id");
        List<Integer> classes = o.integers("classes", 0);
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            if (!distinct.add(classes.get(i))) {
                throw new JsonFieldError(o.path("classes") + "[" + i + "]", "class " + classes.get(i)
                        + " is listed twice");
            }
        }
        if (classes.size() == 1) {
            throw new JsonFieldError(o.path("classes"), "a task needs at least 2 classes (or none for all)");
        }
        DataLocation location = o.has("location") ? DataLocation.parse(o.nonBlankString("location")) : null;
        List<String> classNames = o.strings("classNames");
        if (classNames.size() == 1) {
            throw new JsonFieldError(o.path("classNames"), "a task has at least 2 classes, found 1 name");
        }
        if (!classes.isEmpty() && !classNames.isEmpty() && classNames.size() != classes.size()) {
            throw new JsonFieldError(o.path("classNames"), classNames.size() + " class names for the "
                    + classes.size() + " classes of 'classes'");
        }
        return new DatasetRef(id, classes,
                o.enumValue("normalization", Normalization.class, Normalization.MINUS_ONE_TO_ONE), location,
                classNames, o.enumValue("resize", Resize.class, DatasetRef.DEFAULT_RESIZE), o.scalarTexts("options"));
    }

    // ------------------------------------------------------------------------------------------ writing

    /** The definition as a JSON tree (all fields explicit, current format version). */
    public ObjectNode toTree(NetworkDefinition d) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode top = f.objectNode();
        top.put("format", FORMAT);
        top.put("version", NetworkDefinition.CURRENT_FORMAT_VERSION);
        top.put("name", d.name());
        if (d.description() != null && !d.description().isEmpty()) {
            top.put("description", d.description());
        }
        ObjectNode in = top.putObject("input");
        if (d.input() != null) {
            in.put("channels", d.input().channels());
            in.put("height", d.input().height());
            in.put("width", d.input().width());
        }
        ArrayNode layers = top.putArray("layers");
        for (LayerSpec l : d.layers()) {
            layers.add(layerTree(l));
        }
        if (d.training() != null) {
            top.set("training", trainingTree(d.training()));
        }
        if (d.dataset() != null) {
            ObjectNode ds = top.putObject("dataset");
            ds.put("id", d.dataset().id());
            ArrayNode cls = ds.putArray("classes");
            d.dataset().classes().forEach(cls::add);
            ds.put("normalization", name(d.dataset().normalization()));
            // Written only when set, so that definitions without them keep their text.
            if (d.dataset().location() != null) {
                ds.put("location", d.dataset().location().toString());
            }
            if (!d.dataset().classNames().isEmpty()) {
                ArrayNode names = ds.putArray("classNames");
                d.dataset().classNames().forEach(names::add);
            }
            if (d.dataset().resize() != DatasetRef.DEFAULT_RESIZE) {
                ds.put("resize", name(d.dataset().resize()));
            }
            if (!d.dataset().options().isEmpty()) {
                ObjectNode options = ds.putObject("options");
                d.dataset().options().forEach(options::put);
            }
        }
        return top;
    }

    private static ObjectNode layerTree(LayerSpec layer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", layer.type().jsonName());
        o.put("name", layer.name());
        if (layer instanceof Conv2dSpec c) {
            o.put("filters", c.filters());
            o.put("kernel", c.kernel());
            o.put("stride", c.stride());
            Padding p = c.padding();
            if (p == null || p.mode() != PaddingMode.VALID) {
                ObjectNode po = o.putObject("padding");
                if (p != null) {
                    po.put("mode", name(p.mode()));
                    po.put("amount", p.amount());
                }
            } else {
                o.put("padding", name(PaddingMode.VALID));
            }
            o.put("weights", name(c.weights()));
            o.put("scaling", name(c.scaling()));
            o.put("bias", c.bias());
        } else if (layer instanceof DenseSpec dn) {
            o.put("units", dn.units());
            o.put("weights", name(dn.weights()));
            o.put("scaling", name(dn.scaling()));
            o.put("bias", dn.bias());
        } else if (layer instanceof BatchNormSpec b) {
            o.put("epsilon", b.epsilon());
            o.put("momentum", b.momentum());
            o.put("learnGamma", b.learnGamma());
        } else if (layer instanceof MaxPoolSpec m) {
            o.put("size", m.size());
            o.put("stride", m.stride());
        } else if (layer instanceof AvgPoolSpec a) {
            o.put("size", a.size());
            o.put("stride", a.stride());
        } else if (layer instanceof DropoutSpec dr) {
            o.put("rate", dr.rate());
        }
        return o;
    }

    private static ObjectNode trainingTree(TrainingSpec t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("optimizer", name(t.optimizer()));
        o.put("learningRate", t.learningRate());
        o.put("momentum", t.momentum());
        LrSchedule s = t.schedule();
        if (s != null) {
            LrSchedule d = defaults(s.kind());
            if (s.equals(d) && (s.kind() == ScheduleKind.CONSTANT || s.kind() == ScheduleKind.COSINE)) {
                o.put("schedule", name(s.kind()));
            } else {
                ObjectNode so = o.putObject("schedule");
                so.put("kind", name(s.kind()));
                if (s.kind() == ScheduleKind.STEP || s.stepEpochs() != d.stepEpochs()) {
                    so.put("stepEpochs", s.stepEpochs());
                }
                if (s.kind() == ScheduleKind.STEP || s.gamma() != d.gamma()) {
                    so.put("gamma", s.gamma());
                }
                if (s.kind() == ScheduleKind.ONE_CYCLE || s.warmupFraction() != d.warmupFraction()) {
                    so.put("warmupFraction", s.warmupFraction());
                }
            }
        }
        o.put("epochs", t.epochs());
        o.put("batchSize", t.batchSize());
        o.put("seed", t.seed());
        o.put("validationFraction", t.validationFraction());
        Augmentation a = t.augmentation();
        if (!a.isNone()) { // written only when set, so that definitions without it keep their text
            ObjectNode ao = o.putObject("augmentation");
            ao.put("cropPadding", a.cropPadding());
            ao.put("shift", a.shift());
            ao.put("horizontalFlip", a.horizontalFlip());
        }
        return o;
    }

    private static String name(Enum<?> e) {
        return e == null ? null : JsonNames.of(e);
    }

    /**
     * The definition as JSON text: top-level fields one per line, each layer on one line, the training
     * section one field per line, ending with a newline.
     */
    public String toJson(NetworkDefinition d) {
        ObjectNode tree = toTree(d);
        StringBuilder sb = new StringBuilder("{\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append("  ").append(text(e.getKey())).append(": ");
            if (e.getKey().equals("layers") || e.getKey().equals("training")) {
                boolean array = e.getValue().isArray();
                sb.append(array ? "[" : "{");
                int n = 0;
                for (Iterator<Map.Entry<String, JsonNode>> inner = entries(e.getValue()); inner.hasNext(); n++) {
                    Map.Entry<String, JsonNode> item = inner.next();
                    sb.append(n == 0 ? "\n" : ",\n").append("    ");
                    if (!array) {
                        sb.append(text(item.getKey())).append(": ");
                    }
                    inline(item.getValue(), sb);
                }
                sb.append(n == 0 ? "" : "\n  ").append(array ? "]" : "}");
            } else {
                inline(e.getValue(), sb);
            }
            sb.append(it.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static Iterator<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        if (node.isObject()) {
            return node.fields();
        }
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        node.forEach(n -> list.add(Map.entry("", n)));
        return list.iterator();
    }

    private void inline(JsonNode v, StringBuilder sb) {
        if (v.isObject()) {
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(first ? "" : ", ").append(text(e.getKey())).append(": ");
                inline(e.getValue(), sb);
                first = false;
            }
            sb.append('}');
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                inline(v.get(i), sb);
            }
            sb.append(']');
        } else if (v.isTextual()) {
            sb.append(text(v.textValue()));
        } else if (v.isFloatingPointNumber()) {
            sb.append(Double.toString(v.doubleValue()));
        } else {
            sb.append(v.asText());
        }
    }

    private String text(String s) {
        try {
            return mapper.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
