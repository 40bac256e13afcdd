package dev.bitflow.engine.api.memory;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.io.ReadLimits;
import java.util.Locale;

/**
 * How much memory training or a benchmark may take, and where that number comes from (shown in messages so a
 * user knows what to change).
 *
 * @param bytes  the budget
 * @param origin for example {@code "75% of this machine's 23.4 GB"} or {@code "--memory-budget 6g"}
 */
public record MemoryBudget(long bytes, String origin) {
    /** System property that sets the budget (a size such as {@code 6g}); the option {@code --memory-budget} wins. */
    public static final String PROPERTY = "bitflow.memoryBudget";
    /** Environment variable that sets the budget when the system property does not. */
    public static final String ENV = "BITFLOW_MEMORY_BUDGET";

    public MemoryBudget {
        if (bytes < 1) {
            throw new BadInputException("a memory budget must be positive, was " + bytes + " bytes");
        }
    }

    /**
     * Parses a size: a number of bytes with an optional unit {@code k}, {@code m}, {@code g} or {@code t}
     * (powers of 1024, case-insensitive, an optional trailing {@code b}): {@code 6g}, {@code 512MB}.
     */
    public static MemoryBudget parse(String text, String origin) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
        }
        String number = shift == 0 ? t : t.substring(0, t.length() - 1).trim();
        try {
            double v = Double.parseDouble(number);
            if (!(v > 0) || v * Math.pow(2, shift) >= Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return new MemoryBudget((long) (v * Math.pow(2, shift)), origin);
        } catch (NumberFormatException e) {
            throw new BadInputException(origin + ": '" + text + "' is not a memory size (write for example 6g, 512m)");
        }
    }

    @Override
    public String toString() {
        return ReadLimits.format(bytes) + " (" + origin + ")";
    }
}
