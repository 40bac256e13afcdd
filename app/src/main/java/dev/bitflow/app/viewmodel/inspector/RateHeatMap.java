package dev.bitflow.app.viewmodel.inspector;

import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import java.util.Locale;

/**
 * What the per-channel +1 rate heat map shows, without drawing: one row per binary layer, one cell per channel;
 * the cell's kind (constant, nearly constant, active), its diverging position and its hover sentence, and the
 * summary line with the dead-channel counts.
 */
public final class RateHeatMap {
    private RateHeatMap() {
    }

    /** How a channel behaves over the counted images. */
    public enum CellKind {
        /** Rate exactly 0 or 1: the channel outputs one value everywhere (dead). */
        CONSTANT,
        /** Rate within the threshold of 0 or 1. */
        NEARLY_CONSTANT,
        ACTIVE
    }

    public static CellKind kind(double rate, double threshold) {
        if (rate == 0.0 || rate == 1.0) {
            return CellKind.CONSTANT;
        }
        return LayerActivationRates.isNearlyConstant(rate, threshold) ? CellKind.NEARLY_CONSTANT : CellKind.ACTIVE;
    }

    /**
     * The position of a rate on the diverging scale, -1 (always -1) ... 0 (balanced, rate 0.5) ... +1 (always +1).
     */
    public static double diverging(double rate) {
        return Math.max(-1.0, Math.min(1.0, 2.0 * rate - 1.0));
    }

    /** The hover sentence of one cell. */
    public static String describe(LayerActivationRates layer, int channel, double threshold) {
        double r = layer.rate(channel);
        String what = switch (kind(r, threshold)) {
            case CONSTANT -> r == 1.0 ? "dead: always +1" : "dead: always \u22121";
            case NEARLY_CONSTANT -> String.format(Locale.ROOT, "nearly constant (within %s of %s)", percent(threshold),
                    r < 0.5 ? "0" : "1");
            case ACTIVE -> "active";
        };
        return String.format(Locale.ROOT, "%s channel %d: +1 rate %s of %,d bits \u2014 %s", layer.layer(), channel,
                percent(r), layer.bitsPerChannel(), what);
    }

    /** "2 dead (constant) and 9 nearly constant (< 1% or > 99%) of 480 channels over 500 test images". */
    public static String summary(ActivationRates rates) {
        return String.format(Locale.ROOT, "%d dead (constant) and %d nearly constant (+1 rate \u2264 %s or \u2265 %s, dead "
                        + "included) of %d channels, over %d test images (%s)", rates.constantChannels(),
                rates.nearlyConstantChannels(), percent(rates.threshold()), percent(1 - rates.threshold()),
                rates.channels(), rates.examples(), rates.path().label());
    }

    /** A row's label: "sign2 (conv2) · 64 ch · 1 dead". */
    public static String rowLabel(LayerActivationRates layer) {
        String dead = layer.constant() == 0 ? "" : " \u00b7 " + layer.constant() + " dead";
        return layer.layer() + " (" + layer.block() + ")" + dead;
    }

    static String percent(double v) {
        double p = v * 100;
        if (p == 0 || p == 100 || Math.abs(p - Math.rint(p)) < 1e-9) {
            return String.format(Locale.ROOT, "%.0f%%", p);
        }
        return String.format(Locale.ROOT, p < 1 || p > 99 ? "%.2f%%" : "%.1f%%", p);
    }
}
