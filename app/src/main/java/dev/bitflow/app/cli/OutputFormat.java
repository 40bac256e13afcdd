package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import java.util.Locale;

/** The {@code --format} values of commands that print tables. */
enum OutputFormat {
    TABLE,
    JSON,
    CSV,
    MD;

    /** Parses a {@code --format} value, allowing only {@code allowed}. */
    static OutputFormat parse(String text, OutputFormat... allowed) {
        for (OutputFormat f : allowed) {
            if (f.name().equalsIgnoreCase(text)) {
                return f;
            }
        }
        StringBuilder names = new StringBuilder();
        for (OutputFormat f : allowed) {
            names.append(names.length() == 0 ? "" : ", ").append(f.name().toLowerCase(Locale.ROOT));
        }
        throw new BadInputException("unknown --format '" + text + "'; expected one of " + names);
    }
}
