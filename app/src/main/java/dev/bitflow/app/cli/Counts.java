package dev.bitflow.app.cli;

import picocli.CommandLine;

/**
 * Converters of count options ({@code --max-train}, {@code --limit}, {@code --runs}, ...): a negative count is
 * bad input, never read as "all" or passed on. The option's own description says what 0 means where it is
 * allowed.
 */
final class Counts {
    private Counts() {
    }

    /** 0 or more. */
    static final class NonNegative implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return parse(text, 0);
        }
    }

    /** 1 or more. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return parse(text, 1);
        }
    }

    private static int parse(String text, int min) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
        }
        if (value < min) {
            throw new CommandLine.TypeConversionException(value + (min == 0 ? " is negative; a count is 0 or more"
                    : " is too small; at least " + min + " is needed"));
        }
        return value;
    }
}
