package dev.bitflow.app.viewmodel.sf;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers for narrow table cells: a few significant digits, scientific only for very large or small values. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * {@code v} to {@code digits} significant digits: "0.0123", "-1.25", "123", "4570"; scientific ("1.23e-05")
     * when {@code |v| < 0.001} or {@code |v| >= 100000}; "0" for zero; NaN and infinities as words.
     */
    public static String significant(double v, int digits) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "\u2212\u221e";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e5) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
}
