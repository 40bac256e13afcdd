package dev.bitflow.engine.model.json;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** JSON spelling of enum constants: lower case with hyphens ({@code MEAN_ABS} is {@code "mean-abs"}). */
public final class JsonNames {
    private JsonNames() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant spelled {@code text}, or {@code null}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(text)) {
                return e;
            }
        }
        return null;
    }

    /** All spellings, comma separated, for error messages. */
    public static String allOf(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(JsonNames::of).collect(Collectors.joining(", "));
    }
}
