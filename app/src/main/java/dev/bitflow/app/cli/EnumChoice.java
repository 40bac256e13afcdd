package dev.bitflow.app.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The values an enum-typed option accepts, as users type them: lower case with dashes ({@code MEAN_ABS} is
 * {@code mean-abs}), case ignored. One subclass per option kind is both picocli's converter (a wrong value is
 * bad input listing the allowed ones) and its completion candidates (what {@code --help} lists as
 * {@code ${COMPLETION-CANDIDATES}} and the shell completion offers).
 */
abstract class EnumChoice<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
    private final List<E> allowed;

    EnumChoice(List<E> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** How users type {@code value}: {@code MEAN_ABS} is {@code mean-abs}. */
    static String nameOf(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String text) {
        for (E e : allowed) {
            if (nameOf(e).equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("'" + text + "' is not one of "
                + allowed.stream().map(EnumChoice::nameOf).collect(Collectors.joining(", ")));
    }

    @Override
    public Iterator<String> iterator() {
        return allowed.stream().map(EnumChoice::nameOf).iterator();
    }
}
