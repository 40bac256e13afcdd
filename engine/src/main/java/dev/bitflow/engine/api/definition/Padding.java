package dev.bitflow.engine.api.definition;

/** Symmetric padding of {@code amount} pixels on every side, filled as {@code mode} says. */
public record Padding(PaddingMode mode, int amount) {
    public static final Padding VALID = new Padding(PaddingMode.VALID, 0);

    public Padding {
        if (mode == null) {
            throw new IllegalArgumentException("padding mode is required");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("padding amount must be >= 0, was " + amount);
        }
        if (mode == PaddingMode.VALID && amount != 0) {
            throw new IllegalArgumentException("valid padding has amount 0, was " + amount);
        }
    }

    public static Padding zero(int amount) {
        return amount == 0 ? VALID : new Padding(PaddingMode.ZERO, amount);
    }
}
