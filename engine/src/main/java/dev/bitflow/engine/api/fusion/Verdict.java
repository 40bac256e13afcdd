package dev.bitflow.engine.api.fusion;

/**
 * What {@code verify} concludes about a fused network and its float network on a data set. Only the first two
 * say "equal"; {@code bitflow verify} exits 0 for them and 1 for {@link #DIFFERENT}.
 */
public enum Verdict {
    /** Every activation bit, every class score and every prediction of the fused network equals the float network's. */
    EQUAL("equal"),
    /**
     * Some activation bits differ, but each lies on a float32 rounding tie of the float network (its pre-sign value
     * is within the proven rounding bound of 0, so float32 alone decided its side), the class scores are
     * bit-identical given equal input bits, and every prediction agrees.
     */
    EQUAL_UP_TO_TIES("equal up to float32 ties"),
    /** A prediction differs, or a bit differs outside a tie, or a class score differs, or a value is NaN or infinite. */
    DIFFERENT("different");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** The verdict in words, lower case ("equal up to float32 ties"). */
    public String words() {
        return words;
    }
}
