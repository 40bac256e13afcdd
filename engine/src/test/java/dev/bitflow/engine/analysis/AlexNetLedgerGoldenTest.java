package dev.bitflow.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.model.DefaultDefinitionService;
import org.junit.jupiter.api.Test;

/**
 * Golden numbers of BitFlow-AlexNet (docs/ledger.md), pinned exactly. They follow from
 * the layer list by hand: conv1 96x3x11x11+96, conv2 256x96x5x5+256, conv3 384x256x3x3+384,
 * conv4 384x384x3x3+384, conv5 256x384x3x3+256, fc6 9216x4096+4096, fc7 4096x4096+4096, fc8 4096x1000+1000.
 */
class AlexNetLedgerGoldenTest {
    private final DefaultDefinitionService definitions = new DefaultDefinitionService();

    @Test
    void parametersAndSizes() {
        LedgerTotals t = LedgerBuilder.build(definitions.sample("bitflow-alexnet"), false).totals();
        assertThat(t.params()).isEqualTo(62_378_344L);
        assertThat(t.binaryWeights()).isEqualTo(58_236_928L);
        assertThat(t.floatParams()).isEqualTo(4_131_944L);
        assertThat(t.fp32Bytes()).isEqualTo(249_513_376L); // BN excluded
        // BN: 4 parameters per channel of bn1..bn7 (96+256+384+384+256+4096+4096 = 9568 channels)
        assertThat(t.bnParams()).isEqualTo(4L * 9568);
        assertThat(t.fp32BytesWithBn()).isEqualTo(249_513_376L + 16L * 9568);
    }

    @Test
    void macs() {
        LedgerTotals t = LedgerBuilder.build(definitions.sample("bitflow-alexnet"), false).totals();
        long conv1 = 55L * 55 * 96 * 363;
        long conv2 = 27L * 27 * 256 * 2400;
        long conv3 = 13L * 13 * 384 * 2304;
        long conv4 = 13L * 13 * 384 * 3456;
        long conv5 = 13L * 13 * 256 * 3456;
        long fc = 9216L * 4096 + 4096L * 4096;
        assertThat(t.macs()).isEqualTo(conv1 + conv2 + conv3 + conv4 + conv5 + fc + 4096L * 1000).isEqualTo(1_135_256_096L);
        assertThat(t.binaryMacs()).isEqualTo(conv2 + conv3 + conv4 + conv5 + fc).isEqualTo(1_025_744_896L);
        assertThat(t.binaryMacFraction()).isCloseTo(0.904, within(0.0005));
    }

    @Test
    void fusedSize() {
        Ledger fused = LedgerBuilder.build(definitions.sample("bitflow-alexnet"), true);
        LedgerTotals t = fused.totals();
        long binaryBits = 58_236_928L;
        long floatWeightBits = (34_848L + 4_096_000L) * 32;
        long fc8BiasBits = 1000L * 32;
        long conv1Thresholds = 96L * 33;
        long batchShift = (256L + 384 + 384 + 256 + 4096 + 4096) * 16;
        long expected = (binaryBits + floatWeightBits + fc8BiasBits + conv1Thresholds + batchShift + 7) / 8;
        assertThat(t.fusedBytes()).isEqualTo(expected).isEqualTo(23_826_348L);
        assertThat(t.compressionRatio()).isCloseTo(249_513_376.0 / 23_826_348, within(1e-9));
        assertThat(t.middleFloatMultiplications()).isZero();
        assertThat(t.middleFloatMacs()).isZero();
        assertThat(t.middleFloatAddsCompares()).isZero();
        // the same totals of memory are reported by the unfused ledger
        assertThat(LedgerBuilder.build(definitions.sample("bitflow-alexnet"), false).totals().fusedBytes())
                .isEqualTo(23_826_348L);
    }

    @Test
    void unfusedMiddleLayersMultiplyFloats() {
        LedgerTotals t = LedgerBuilder.build(definitions.sample("bitflow-alexnet"), false).totals();
        // SF alpha * s and the BN scale, once per output value of conv2..fc7 (bn1 and fc8 are not middle)
        long sf = 256L * 27 * 27 + 384L * 169 + 384L * 169 + 256L * 169 + 4096 + 4096;
        long bn = 256L * 13 * 13 + 384L * 169 + 384L * 169 + 256L * 36 + 4096 + 4096;
        assertThat(t.middleFloatMultiplications()).isEqualTo(sf + bn);
    }

    @Test
    void batchShiftWidths() {
        Ledger fused = LedgerBuilder.build(definitions.sample("bitflow-alexnet"), true);
        LayerLedger conv2 = fused.layers().get(4);
        assertThat(conv2.name()).isEqualTo("conv2");
        assertThat(conv2.batchShiftMinBits()).isEqualTo(13); // K = 2400: B in [-2401, 2400]
        assertThat(conv2.channelParamBits()).isEqualTo(256L * 16);
        assertThat(fused.layers().get(19).name()).isEqualTo("fc6");
        assertThat(fused.layers().get(19).batchShiftMinBits()).isEqualTo(15); // K = 9216
        assertThat(LedgerBuilder.batchShiftMinBits(1)).isEqualTo(2); // B in [-2, 1]
        assertThat(LedgerBuilder.batchShiftMinBits(2)).isEqualTo(3); // B in [-3, 2]
        assertThat(LedgerBuilder.batchShiftMinBits(3)).isEqualTo(3); // B in [-4, 3]
    }

    @Test
    void handsVariant() {
        LedgerTotals t = LedgerBuilder.build(definitions.sample("bitflow-alexnet-hands"), true).totals();
        assertThat(t.params()).isEqualTo(62_378_344L - 4_097_000L + 8_194L);
        assertThat(t.fp32Bytes()).isEqualTo(233_158_152L); // about 233 MB
        assertThat(t.fusedBytes()).isEqualTo(7_471_124L); // about 7.5 MB
        assertThat(t.middleFloatMultiplications()).isZero();
    }
}
