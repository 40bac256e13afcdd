package dev.bitflow.app.viewmodel.batchshift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.Cell;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.CellKind;
import dev.bitflow.engine.api.fusion.ChannelAgreement;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.VerificationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heat-map cells, their kinds and shades, and the table rows, from hand-made engine results. */
class MismatchHeatMapTest {
    private static LayerAgreement layer(String name, String kind, List<ChannelAgreement> channels) {
        long bits = channels.stream().mapToLong(ChannelAgreement::bits).sum();
        long mism = channels.stream().mapToLong(ChannelAgreement::mismatches).sum();
        long ties = channels.stream().mapToLong(ChannelAgreement::ties).sum();
        return new LayerAgreement(name, kind, bits, bits - mism, bits == 0 ? 1 : (double) (bits - mism) / bits, mism, ties,
                ties, channels);
    }

    private static VerificationReport report() {
        LayerAgreement first = layer("conv1", "first", List.of(new ChannelAgreement(0, 1000, 1000, 0, 0),
                new ChannelAgreement(1, 1000, 997, 3, 3)));
        LayerAgreement binary = layer("conv2", "binary", List.of(new ChannelAgreement(0, 1000, 1000, 0, 0),
                new ChannelAgreement(1, 1000, 995, 5, 2), new ChannelAgreement(2, 1000, 500, 500, 0)));
        LayerAgreement output = new LayerAgreement("fc2", "output", 100, 100, 1, 0, 0, 0, List.of());
        return new VerificationReport("m", "mini", 10, 0.9, 9, 0.5, 0.4, 1, 503, 0, List.of(first, binary, output),
                List.of(), false, "|x| <= ulp");
    }

    @Test
    void cellsSayWhetherTheyAgreeDifferOnlyByTiesOrMismatch() {
        MismatchHeatMap map = MismatchHeatMap.of(report());
        assertThat(map.rows()).extracting(MismatchHeatMap.Row::layer).containsExactly("conv1", "conv2");
        assertThat(map.maxChannels()).isEqualTo(3);
        assertThat(map.cell(0, 0).kind()).isEqualTo(CellKind.AGREE);
        assertThat(map.cell(0, 1).kind()).isEqualTo(CellKind.TIES_ONLY);
        assertThat(map.cell(1, 1).kind()).isEqualTo(CellKind.MISMATCH);
        assertThat(map.cell(1, 1).mismatchRate()).isEqualTo(0.003);
        assertThat(map.cell(0, 2)).as("conv1 has two channels").isNull();
        assertThat(map.cell(2, 0)).isNull();
        assertThat(map.rows().get(1).channelsWithMismatches()).isEqualTo(2);
        assertThat(map.cell(0, 1).describe()).contains("3 differ, all float32 rounding ties");
        assertThat(map.cell(1, 1).describe()).contains("5 differ, 3 of them outside ties");
    }

    @Test
    void shadeGrowsWithTheRateOfRealMismatchesOnALogScale() {
        assertThat(new Cell("l", 0, 1000, 0, 0).intensity()).isZero();
        assertThat(new Cell("l", 0, 1000, 4, 4).intensity()).isZero();
        double one = new Cell("l", 0, 10_000_000, 1, 0).intensity();
        double tenth = new Cell("l", 0, 1000, 100, 0).intensity();
        double all = new Cell("l", 0, 1000, 1000, 0).intensity();
        assertThat(one).isEqualTo(0.25);
        assertThat(tenth).isGreaterThan(one).isLessThan(all);
        assertThat(tenth).isCloseTo(0.25 + 0.75 * 5 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(all).isEqualTo(1.0);
    }

    @Test
    void agreementSentence() {
        VerificationReport r = report();
        assertThat(BatchShiftViewModel.agreementText(r))
                .isEqualTo("Predictions agree on 9 of 10 images (90.00%). Float accuracy 50.00%, fused accuracy 40.00%.");
    }

    @Test
    void tableRowsSpellOutEachKindOfLayer() {
        ShiftRow first = ShiftRow.of(new FusedLayerSummary("conv1", "first", 32, 9, 0, 0, 0, 5, 1, 1, 0));
        assertThat(first.range()).isEqualTo("\u2014");
        assertThat(first.flipped()).isEqualTo("5 / 32");
        assertThat(first.pools()).isEqualTo("1 before BN");
        ShiftRow binary = ShiftRow.of(new FusedLayerSummary("conv2", "binary", 64, 288, -40, 13, 7, 20, 2, 0, 1));
        assertThat(binary.range()).isEqualTo("\u221240 \u2026 +13");
        assertThat(binary.bitWidth()).isEqualTo("7");
        assertThat(binary.pools()).isEqualTo("1 after sign (OR)");
        ShiftRow output = ShiftRow.of(new FusedLayerSummary("fc2", "output", 10, 256, 0, 0, 0, 0, 0, 0, 0));
        assertThat(output.flipped()).isEqualTo("\u2014");
        assertThat(output.becomes()).isEqualTo("additions of float weights");
    }
}
