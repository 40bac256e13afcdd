package dev.bitflow.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants between the ledger as defined and after fusion, on every sample. */
class SampleLedgersTest {
    private static final DefaultDefinitionService DEFINITIONS = new DefaultDefinitionService();

    static List<String> samples() {
        return DEFINITIONS.sampleNames();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void fusionKeepsParametersAndMacsAndNeverGrowsTheModel(String name) {
        Ledger asDefined = LedgerBuilder.build(DEFINITIONS.sample(name), false);
        Ledger fused = LedgerBuilder.build(DEFINITIONS.sample(name), true);
        LedgerTotals a = asDefined.totals();
        LedgerTotals f = fused.totals();
        assertThat(f.params()).isEqualTo(a.params());
        assertThat(f.macs()).isEqualTo(a.macs());
        assertThat(f.binaryMacs()).isEqualTo(a.binaryMacs());
        assertThat(f.fusedBytes()).isEqualTo(a.fusedBytes()).isLessThanOrEqualTo(a.unfusedBytes());
        assertThat(f.floatMultiplications()).isLessThanOrEqualTo(a.floatMultiplications());
        assertThat(f.activationBits()).isLessThanOrEqualTo(a.activationBits());
        // totals are the sums of the rows
        assertThat(fused.layers().stream().mapToLong(LayerLedger::floatMultiplications).sum())
                .isEqualTo(f.floatMultiplications());
        assertThat(fused.layers().stream().mapToLong(LayerLedger::storedBits).sum())
                .isBetween(8 * f.fusedBytes() - 7, 8 * f.fusedBytes());
        assertThat(asDefined.layers().stream().mapToLong(LayerLedger::storedBits).sum())
                .isBetween(8 * a.unfusedBytes() - 7, 8 * a.unfusedBytes());
        assertThat(f.fp32Bytes()).isEqualTo(4 * f.params());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bcnnsLoseAllMiddleFloatWorkAndFloatTwinsKeepIt(String name) {
        LedgerTotals a = LedgerBuilder.build(DEFINITIONS.sample(name), false).totals();
        LedgerTotals f = LedgerBuilder.build(DEFINITIONS.sample(name), true).totals();
        if (name.contains("-fp")) {
            assertThat(f.binaryMacs()).isZero();
            assertThat(f.middleFloatMultiplications()).isEqualTo(a.middleFloatMultiplications()).isPositive();
            assertThat(f.fusedBytes()).isEqualTo(a.unfusedBytes()); // nothing to fuse: conv -> BN -> relu
        } else {
            assertThat(a.middleFloatMultiplications()).isPositive();
            assertThat(f.middleFloatMultiplications()).isZero();
            assertThat(f.middleFloatMacs()).isZero();
            assertThat(f.middleFloatAddsCompares()).isZero();
            assertThat(f.binaryMacFraction()).isGreaterThan(0.9);
        }
    }
}
