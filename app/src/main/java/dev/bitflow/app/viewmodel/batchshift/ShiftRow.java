package dev.bitflow.app.viewmodel.batchshift;

import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import java.util.List;

/**
 * One row of the BatchShift table, as text: what fusion made of one layer block.
 *
 * @param layer     the block's conv/dense layer
 * @param becomes   what the block runs as after fusion, in words
 * @param channels  output channels
 * @param dotLength K, the dot-product length
 * @param range     smallest to largest BatchShift B (binary layers), otherwise a dash
 * @param bitWidth  bits of B in two's complement (binary layers), otherwise a dash
 * @param flipped   channels with gamma &lt; 0, "n / channels"
 * @param constant  constant channels, "n / channels"
 * @param pools     max pools fused into the block
 * @param summary   the engine's summary behind the row
 */
public record ShiftRow(String layer, String becomes, String channels, String dotLength, String range, String bitWidth,
                       String flipped, String constant, String pools, FusedLayerSummary summary) {
    static final String DASH = "\u2014";

    /** The row of one fused layer. */
    public static ShiftRow of(FusedLayerSummary s) {
        boolean binary = s.kind().equals("binary");
        boolean output = s.kind().equals("output");
        String becomes = switch (s.kind()) {
            case "first" -> "float conv + threshold";
            case "binary" -> "XNOR-popcount + BatchShift";
            case "output" -> "additions of float weights";
            default -> s.kind();
        };
        String range = binary ? (s.minShift() == s.maxShift() ? signed(s.minShift())
                : signed(s.minShift()) + " \u2026 " + signed(s.maxShift())) : DASH;
        String width = binary ? Integer.toString(s.bitWidth()) : DASH;
        String pools;
        if (s.andPools() + s.orPools() == 0) {
            pools = DASH;
        } else if (s.andPools() > 0 && s.orPools() > 0) {
            pools = s.andPools() + " before BN, " + s.orPools() + " after";
        } else if (s.andPools() > 0) {
            pools = s.andPools() + " before BN";
        } else {
            pools = s.orPools() + " after sign (OR)";
        }
        return new ShiftRow(s.name(), becomes, Integer.toString(s.channels()), Integer.toString(s.dotLength()), range,
                width, output ? DASH : s.flipped() + " / " + s.channels(), output ? DASH : s.constant() + " / " + s.channels(),
                pools, s);
    }

    public static List<ShiftRow> of(List<FusedLayerSummary> layers) {
        return layers.stream().map(ShiftRow::of).toList();
    }

    private static String signed(int v) {
        return v < 0 ? "\u2212" + (-v) : v > 0 ? "+" + v : "0";
    }
}
