package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.app.viewmodel.editor.PropertyField.Kind;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The property sheet of a layer: its fields as text ({@link #fields}) and a validated edit that builds the
 * changed layer ({@link #with}). Validation here covers what one field can know (numbers parse, are in
 * range, names are well formed); whether the network still fits together is the engine's check.
 */
public final class LayerProperties {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private LayerProperties() {
    }

    /** The fields of {@code spec}, in display order. */
    public static List<PropertyField> fields(LayerSpec spec) {
        Map<String, String> v = values(spec);
        List<PropertyField> out = new ArrayList<>();
        out.add(text("name", "Name", v, "Unique name; the ledger, model files and messages use it"));
        if (spec instanceof Conv2dSpec) {
            out.add(integer("filters", "Filters", v, "Output channels"));
            out.add(integer("kernel", "Kernel", v, "Square kernel size k (k x k)"));
            out.add(integer("stride", "Stride", v, "Step between windows"));
            out.add(choice("padding", "Padding", v, PaddingMode.class,
                    "valid: none; zero: pad with 0 (masked taps); +1 / \u22121: pad binary input with +1 / \u22121"));
            out.add(integer("padAmount", "Pad amount", v, "Pixels padded on every side (0 for VALID)"));
        }
        if (spec instanceof DenseSpec) {
            out.add(integer("units", "Units", v, "Outputs of the layer"));
        }
        if (spec instanceof Conv2dSpec || spec instanceof DenseSpec) {
            out.add(choice("weights", "Weights", v, Precision.class, "binary: sign(latent) in {\u22121, +1}, one bit each; float: 32-bit weights"));
            out.add(choice("scaling", "Scaling factor", v, ScalingFactor.class,
                    "mean |W| per channel: alpha_c = mean |W_c| per output channel (XNOR-Net); none: no scaling"));
            out.add(flag("bias", "Bias", v, "Add a learned bias per output"));
        }
        if (spec instanceof BatchNormSpec) {
            out.add(decimal("epsilon", "Epsilon", v, "Added to the variance before the square root, > 0"));
            out.add(decimal("momentum", "Momentum", v, "Running statistics: run = m * run + (1 - m) * batch, in [0, 1)"));
            out.add(flag("learnGamma", "Learn gamma", v, "If off, gamma is fixed to 1"));
        }
        if (spec instanceof MaxPoolSpec || spec instanceof AvgPoolSpec) {
            out.add(integer("size", "Window", v, "Square window size"));
            out.add(integer("stride", "Stride", v, "Step between windows"));
        }
        if (spec instanceof DropoutSpec) {
            out.add(decimal("rate", "Rate", v, "Probability of dropping a value while training, in [0, 1)"));
        }
        return out;
    }

    /**
     * {@code spec} with field {@code key} set to {@code text}.
     *
     * @throws IllegalArgumentException with a message for the user when the text is not valid for the field
     */
    public static LayerSpec with(LayerSpec spec, String key, String text) {
        Map<String, String> v = values(spec);
        if (!v.containsKey(key)) {
            throw new IllegalArgumentException(spec.type() + " has no field " + key);
        }
        v.put(key, text == null ? "" : text.trim());
        if (key.equals("padding") && v.get("padding").equals(PaddingMode.VALID.name())) {
            v.put("padAmount", "0");
        } else if (key.equals("padding") && v.get("padAmount").equals("0")) {
            v.put("padAmount", "1");
        }
        return build(spec, v);
    }

    private static LayerSpec build(LayerSpec spec, Map<String, String> v) {
        String name = v.get("name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Name: must not be empty");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Name: start with a letter; use letters, digits, _ . - only");
        }
        if (spec instanceof Conv2dSpec) {
            PaddingMode mode = enumValue(v, "padding", "Padding", PaddingMode.class);
            int amount = intValue(v, "padAmount", "Pad amount", 0);
            if (mode == PaddingMode.VALID && amount != 0) {
                throw new IllegalArgumentException("Pad amount: VALID padding has amount 0");
            }
            return new Conv2dSpec(name, intValue(v, "filters", "Filters", 1), intValue(v, "kernel", "Kernel", 1),
                    intValue(v, "stride", "Stride", 1), new Padding(mode, amount),
                    enumValue(v, "weights", "Weights", Precision.class),
                    enumValue(v, "scaling", "Scaling factor", ScalingFactor.class), Boolean.parseBoolean(v.get("bias")));
        }
        if (spec instanceof DenseSpec) {
            return new DenseSpec(name, intValue(v, "units", "Units", 1),
                    enumValue(v, "weights", "Weights", Precision.class),
                    enumValue(v, "scaling", "Scaling factor", ScalingFactor.class), Boolean.parseBoolean(v.get("bias")));
        }
        if (spec instanceof BatchNormSpec) {
            double eps = decimalValue(v, "epsilon", "Epsilon");
            if (!(eps > 0)) {
                throw new IllegalArgumentException("Epsilon: must be > 0");
            }
            double momentum = decimalValue(v, "momentum", "Momentum");
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("Momentum: must be in [0, 1)");
            }
            return new BatchNormSpec(name, eps, momentum, Boolean.parseBoolean(v.get("learnGamma")));
        }
        if (spec instanceof MaxPoolSpec) {
            return new MaxPoolSpec(name, intValue(v, "size", "Window", 1), intValue(v, "stride", "Stride", 1));
        }
        if (spec instanceof AvgPoolSpec) {
            return new AvgPoolSpec(name, intValue(v, "size", "Window", 1), intValue(v, "stride", "Stride", 1));
        }
        if (spec instanceof DropoutSpec) {
            double rate = decimalValue(v, "rate", "Rate");
            if (rate < 0 || rate >= 1) {
                throw new IllegalArgumentException("Rate: must be in [0, 1)");
            }
            return new DropoutSpec(name, rate);
        }
        return spec.withName(name);
    }

    private static Map<String, String> values(LayerSpec spec) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", spec.name());
        if (spec instanceof Conv2dSpec c) {
            v.put("filters", Integer.toString(c.filters()));
            v.put("kernel", Integer.toString(c.kernel()));
            v.put("stride", Integer.toString(c.stride()));
            v.put("padding", c.padding().mode().name());
            v.put("padAmount", Integer.toString(c.padding().amount()));
            v.put("weights", c.weights().name());
            v.put("scaling", c.scaling().name());
            v.put("bias", Boolean.toString(c.bias()));
        } else if (spec instanceof DenseSpec d) {
            v.put("units", Integer.toString(d.units()));
            v.put("weights", d.weights().name());
            v.put("scaling", d.scaling().name());
            v.put("bias", Boolean.toString(d.bias()));
        } else if (spec instanceof BatchNormSpec b) {
            v.put("epsilon", number(b.epsilon()));
            v.put("momentum", number(b.momentum()));
            v.put("learnGamma", Boolean.toString(b.learnGamma()));
        } else if (spec instanceof MaxPoolSpec m) {
            v.put("size", Integer.toString(m.size()));
            v.put("stride", Integer.toString(m.stride()));
        } else if (spec instanceof AvgPoolSpec a) {
            v.put("size", Integer.toString(a.size()));
            v.put("stride", Integer.toString(a.stride()));
        } else if (spec instanceof DropoutSpec d) {
            v.put("rate", number(d.rate()));
        } else if (!(spec instanceof SignSpec || spec instanceof FlattenSpec || spec instanceof SoftmaxSpec
                || spec instanceof ReluSpec)) {
            throw new IllegalArgumentException("unknown layer type " + spec.type());
        }
        return v;
    }

    /**
     * The readable label of a choice value (the enum constant's name) for the property sheet: "zero",
     * "binary (1 bit)", "mean |W| per channel"; unknown values are lower-cased with spaces.
     */
    public static String choiceLabel(String value) {
        if (value == null) {
            return "";
        }
        return switch (value) {
            case "VALID" -> "valid (no padding)";
            case "ZERO" -> "zero";
            case "PLUS_ONE" -> "+1";
            case "MINUS_ONE" -> "\u22121";
            case "FLOAT" -> "float (32 bit)";
            case "BINARY" -> "binary (1 bit)";
            case "NONE" -> "none";
            case "MEAN_ABS" -> "mean |W| per channel";
            default -> value.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** A one-line summary of a layer's options, for the network list. */
    public static String summary(LayerSpec spec) {
        if (spec instanceof Conv2dSpec c) {
            String pad = c.padding().mode() == PaddingMode.VALID ? "valid"
                    : c.padding().mode().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " pad " + c.padding().amount();
            return c.filters() + " filters, " + c.kernel() + "x" + c.kernel() + ", stride " + c.stride() + ", " + pad
                    + scalingText(c.weights(), c.scaling()) + (c.bias() ? ", bias" : "");
        } else if (spec instanceof DenseSpec d) {
            return d.units() + " units" + scalingText(d.weights(), d.scaling()) + (d.bias() ? ", bias" : "");
        } else if (spec instanceof BatchNormSpec b) {
            return "eps " + number(b.epsilon()) + ", momentum " + number(b.momentum()) + (b.learnGamma() ? "" : ", gamma = 1");
        } else if (spec instanceof MaxPoolSpec m) {
            return m.size() + "x" + m.size() + ", stride " + m.stride();
        } else if (spec instanceof AvgPoolSpec a) {
            return a.size() + "x" + a.size() + ", stride " + a.stride();
        } else if (spec instanceof DropoutSpec d) {
            return "rate " + number(d.rate());
        } else if (spec instanceof SignSpec) {
            return "sign(x), sign(0) = +1";
        } else if (spec instanceof FlattenSpec) {
            return "channel-major";
        } else if (spec instanceof ReluSpec) {
            return "max(0, x)";
        }
        return "cross-entropy output";
    }

    private static String scalingText(Precision p, ScalingFactor s) {
        return p == Precision.BINARY && s == ScalingFactor.MEAN_ABS ? ", SF mean|W|" : "";
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        return s.contains("E") ? String.format(Locale.ROOT, "%.3g", d).replace("e-0", "e-") : s;
    }

    private static int intValue(Map<String, String> v, String key, String label, int min) {
        try {
            int x = Integer.parseInt(v.get(key));
            if (x < min) {
                throw new IllegalArgumentException(label + ": must be >= " + min + ", was " + x);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + v.get(key) + "' is not a whole number");
        }
    }

    private static double decimalValue(Map<String, String> v, String key, String label) {
        try {
            double x = Double.parseDouble(v.get(key));
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(label + ": must be a finite number");
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + v.get(key) + "' is not a number");
        }
    }

    private static <E extends Enum<E>> E enumValue(Map<String, String> v, String key, String label, Class<E> type) {
        try {
            return Enum.valueOf(type, v.get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": '" + v.get(key) + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static PropertyField text(String key, String label, Map<String, String> v, String help) {
        return new PropertyField(key, label, Kind.TEXT, List.of(), v.get(key), help);
    }

    private static PropertyField integer(String key, String label, Map<String, String> v, String help) {
        return new PropertyField(key, label, Kind.INTEGER, List.of(), v.get(key), help);
    }

    private static PropertyField decimal(String key, String label, Map<String, String> v, String help) {
        return new PropertyField(key, label, Kind.DECIMAL, List.of(), v.get(key), help);
    }

    private static PropertyField flag(String key, String label, Map<String, String> v, String help) {
        return new PropertyField(key, label, Kind.FLAG, List.of(), v.get(key), help);
    }

    private static <E extends Enum<E>> PropertyField choice(String key, String label, Map<String, String> v,
                                                            Class<E> type, String help) {
        return new PropertyField(key, label, Kind.CHOICE,
                Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), v.get(key), help);
    }
}
