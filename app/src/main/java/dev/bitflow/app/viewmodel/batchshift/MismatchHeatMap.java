package dev.bitflow.app.viewmodel.batchshift;

import dev.bitflow.engine.api.fusion.ChannelAgreement;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.VerificationReport;
import java.util.List;

/**
 * The verification as a heat map: one row per fused layer that outputs bits, one cell per output channel.
 * A cell is {@link CellKind#AGREE} when the fused layer's bits equal the float path's everywhere,
 * {@link CellKind#TIES_ONLY} when every difference is a float32 rounding tie of the float path (not a fusion
 * error), and {@link CellKind#MISMATCH} when some difference is not; then its {@link Cell#intensity()}
 * grows with the rate of real mismatches on a log scale, so one wrong bit in a million still shows.
 *
 * @param rows        the layers with per-channel results, in network order (the output layer has none)
 * @param maxChannels the widest row
 */
public record MismatchHeatMap(List<Row> rows, int maxChannels) {
    public MismatchHeatMap {
        rows = List.copyOf(rows);
    }

    /** What a cell shows. */
    public enum CellKind {
        AGREE, TIES_ONLY, MISMATCH
    }

    /** One layer. */
    public record Row(String layer, String kind, long bits, long mismatches, long ties, List<Cell> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** Channels with real (non-tie) mismatches. */
        public long channelsWithMismatches() {
            return cells.stream().filter(c -> c.kind() == CellKind.MISMATCH).count();
        }
    }

    /** One output channel of one layer. */
    public record Cell(String layer, int channel, long bits, long mismatches, long ties) {
        public CellKind kind() {
            if (mismatches == 0) {
                return CellKind.AGREE;
            }
            return mismatches == ties ? CellKind.TIES_ONLY : CellKind.MISMATCH;
        }

        /** Mismatches outside ties / bits compared. */
        public double mismatchRate() {
            return bits == 0 ? 0 : (double) (mismatches - ties) / bits;
        }

        /**
         * Colour strength 0..1 of a {@link CellKind#MISMATCH} cell: 0.25 at a rate of 1e-6 or less, rising
         * linearly in log10 of the rate to 1 at a rate of 1 (every bit wrong); 0 for the other kinds.
         */
        public double intensity() {
            if (kind() != CellKind.MISMATCH) {
                return 0;
            }
            double decades = Math.log10(Math.max(mismatchRate(), 1e-6)) + 6; // 0..6
            return 0.25 + 0.75 * decades / 6;
        }

        /** A line for a tooltip or a details label. */
        public String describe() {
            String base = layer + ", channel " + channel + ": " + String.format(java.util.Locale.ROOT, "%,d", bits)
                    + " bits compared, ";
            return switch (kind()) {
                case AGREE -> base + "all equal to the float path";
                case TIES_ONLY -> base + mismatches + " differ, all float32 rounding ties (not a fusion error)";
                case MISMATCH -> base + mismatches + " differ, " + (mismatches - ties) + " of them outside ties ("
                        + String.format(java.util.Locale.ROOT, "%.2g", mismatchRate()) + " of the bits)";
            };
        }
    }

    /** The heat map of a verification report. */
    public static MismatchHeatMap of(VerificationReport report) {
        List<Row> rows = new java.util.ArrayList<>();
        int max = 0;
        for (LayerAgreement l : report.layers()) {
            if (l.channels().isEmpty()) {
                continue;
            }
            List<Cell> cells = l.channels().stream()
                    .map((ChannelAgreement c) -> new Cell(l.name(), c.channel(), c.bits(), c.mismatches(), c.ties()))
                    .toList();
            rows.add(new Row(l.name(), l.kind(), l.bits(), l.mismatches(), l.ties(), cells));
            max = Math.max(max, cells.size());
        }
        return new MismatchHeatMap(rows, max);
    }

    /** The cell at a row and channel, or null outside the map. */
    public Cell cell(int row, int channel) {
        if (row < 0 || row >= rows.size()) {
            return null;
        }
        List<Cell> cells = rows.get(row).cells();
        return channel < 0 || channel >= cells.size() ? null : cells.get(channel);
    }
}
