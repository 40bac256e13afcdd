package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.definition.Padding;

/** Short text for a padding: {@code valid}, {@code zero(1)}, {@code +1(1)}, {@code -1(2)}. */
final class DescribePadding {
    private DescribePadding() {
    }

    static String of(Padding p) {
        return switch (p.mode()) {
            case VALID -> "valid";
            case ZERO -> "zero(" + p.amount() + ")";
            case PLUS_ONE -> "+1(" + p.amount() + ")";
            case MINUS_ONE -> "-1(" + p.amount() + ")";
        };
    }
}
