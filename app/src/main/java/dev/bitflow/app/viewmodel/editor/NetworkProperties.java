package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network's own fields in the property sheet (shown when no layer is selected): its name and its input shape,
 * written as {@code CxHxW} (channels x height x width, as an image enters the first layer) or as one number for a
 * flat vector. Validation happens here; the engine's shape inference then checks every layer against the new input.
 */
public final class NetworkProperties {
    public static final String NAME = "network-name";
    public static final String INPUT = "network-input";
    /** Large enough for any image model this workbench trains; keeps one example under 2^31 values. */
    static final int MAX_SIDE = 16_384;
    private static final Pattern SPATIAL = Pattern.compile("\\s*(\\d{1,9})\\s*[xX\u00d7]\\s*(\\d{1,9})\\s*[xX\u00d7]\\s*(\\d{1,9})\\s*");
    private static final Pattern FLAT = Pattern.compile("\\s*(\\d{1,9})\\s*");

    private NetworkProperties() {
    }

    /** Whether {@code key} names a network field (not a layer's). */
    public static boolean isNetworkKey(String key) {
        return NAME.equals(key) || INPUT.equals(key);
    }

    public static List<PropertyField> fields(NetworkDefinition d) {
        return List.of(
                new PropertyField(NAME, "Name", PropertyField.Kind.TEXT, List.of(), d.name(),
                        "The network's name: the title, the suggested file name, the name of its runs and models"),
                new PropertyField(INPUT, "Input", PropertyField.Kind.TEXT, List.of(), d.input().toString(),
                        "One example as it enters the first layer: channels x height x width (1x28x28 for Fashion-MNIST, "
                                + "3x32x32 for CIFAR-10), or one number for a flat vector. Every layer's shape follows it."));
    }

    /**
     * {@code d} with {@code key} set from {@code text}.
     *
     * @throws IllegalArgumentException with a message for the user when the text is not valid
     */
    public static NetworkDefinition with(NetworkDefinition d, String key, String text) {
        String t = text == null ? "" : text.strip();
        return switch (key) {
            case NAME -> {
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("Name: must not be empty");
                }
                if (t.length() > 100) {
                    throw new IllegalArgumentException("Name: at most 100 characters");
                }
                yield new NetworkDefinition(d.formatVersion(), t, d.description(), d.input(), d.layers(), d.training(),
                        d.dataset());
            }
            case INPUT -> new NetworkDefinition(d.formatVersion(), d.name(), d.description(), shape(t), d.layers(),
                    d.training(), d.dataset());
            default -> throw new IllegalArgumentException("the network has no field " + key);
        };
    }

    /** Parses {@code CxHxW} or a single number. */
    static Shape shape(String text) {
        Matcher m = SPATIAL.matcher(text);
        if (m.matches()) {
            int c = side(m.group(1), "channels");
            int h = side(m.group(2), "height");
            int w = side(m.group(3), "width");
            if ((long) c * h * w > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Input: " + text + " has more than 2^31 values per example");
            }
            return Shape.spatial(c, h, w);
        }
        Matcher f = FLAT.matcher(text);
        if (f.matches()) {
            int n = Integer.parseInt(f.group(1));
            if (n < 1) {
                throw new IllegalArgumentException("Input: a flat input needs at least 1 value");
            }
            return Shape.flat(n);
        }
        throw new IllegalArgumentException("Input: write channels x height x width, such as 1x28x28, or one number "
                + "for a flat vector");
    }

    private static int side(String digits, String what) {
        int v = Integer.parseInt(digits);
        if (v < 1 || v > MAX_SIDE) {
            throw new IllegalArgumentException("Input: " + what + " must be 1 to " + MAX_SIDE + ", was " + v);
        }
        return v;
    }
}
