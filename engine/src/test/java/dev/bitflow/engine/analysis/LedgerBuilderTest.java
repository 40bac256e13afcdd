package dev.bitflow.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.api.ledger.Region;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counting rules on a tiny network small enough to count by hand:
 * 1x4x4 -> float conv 2x3x3 (2x2x2) -> maxpool 2 (2x1x1) -> BN -> sign -> flatten (2) -> binary dense 3 (SF)
 * -> BN (no gamma) -> sign -> float dense 2 (bias) -> softmax.
 */
class LedgerBuilderTest {
    private static NetworkDefinition tiny() {
        List<LayerSpec> layers = List.of(
                new Conv2dSpec("c1", 2, 3, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("p", 2, 2), new BatchNormSpec("b", 1e-5, 0.9, true), new SignSpec("s"),
                new FlattenSpec("f"), new DenseSpec("d", 3, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new BatchNormSpec("b2", 1e-5, 0.9, false), new SignSpec("s2"),
                new DenseSpec("o", 2, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("sm"));
        return new NetworkDefinition(1, "tiny", "", Shape.spatial(1, 4, 4), layers,
                new DefaultDefinitionService().defaultTraining(),
                new DatasetRef("x", List.of(), Normalization.UNIT));
    }

    @Test
    void asDefined() {
        Ledger l = LedgerBuilder.build(tiny(), false);
        assertThat(l.layers()).extracting(LayerLedger::region).containsExactly(Region.FIRST, Region.FIRST, Region.FIRST,
                Region.FIRST, Region.FIRST, Region.MIDDLE, Region.MIDDLE, Region.MIDDLE, Region.LAST, Region.LAST);
        LayerLedger c1 = l.layers().get(0);
        assertThat(c1.weights()).isEqualTo(18);
        assertThat(c1.floatMacs()).isEqualTo(8 * 9);
        assertThat(c1.floatMultiplications()).isEqualTo(72);
        assertThat(c1.activationBits()).isEqualTo(8 * 32);
        assertThat(l.layers().get(1).floatAddsCompares()).isEqualTo(2 * 3); // 3 compares per 2x2 window
        LayerLedger b = l.layers().get(2);
        assertThat(b.bnParams()).isEqualTo(8);
        assertThat(b.channelParamBits()).isEqualTo(8 * 32);
        assertThat(b.floatMultiplications()).isEqualTo(2);
        assertThat(l.layers().get(3).floatAddsCompares()).isEqualTo(2);
        assertThat(l.layers().get(3).outputPrecision()).isEqualTo(Precision.BINARY);
        LayerLedger d = l.layers().get(5);
        assertThat(d.binaryMacs()).isEqualTo(6);
        assertThat(d.floatMacs()).isZero();
        assertThat(d.weightBits()).isEqualTo(6);
        assertThat(d.channelParamBits()).isEqualTo(3 * 32); // alpha
        assertThat(d.floatMultiplications()).isEqualTo(3); // alpha * s
        assertThat(l.layers().get(6).bnParams()).isEqualTo(9); // no gamma: beta, mean, var
        LayerLedger o = l.layers().get(8);
        assertThat(o.floatMacs()).isEqualTo(6);
        assertThat(o.floatMultiplications()).isZero(); // +-1 inputs: additions only
        assertThat(o.floatAddsCompares()).isEqualTo(2); // bias
        assertThat(l.layers().get(9).floatMultiplications()).isEqualTo(2);
        assertThat(l.layers().get(9).floatAddsCompares()).isEqualTo(4);

        LedgerTotals t = l.totals();
        assertThat(t.params()).isEqualTo(32);
        assertThat(t.bnParams()).isEqualTo(17);
        assertThat(t.floatMacs()).isEqualTo(78);
        assertThat(t.binaryMacs()).isEqualTo(6);
        assertThat(t.floatMultiplications()).isEqualTo(82);
        assertThat(t.middleFloatMultiplications()).isEqualTo(6);
        assertThat(t.floatAddsCompares()).isEqualTo(22);
        assertThat(t.intOps()).isZero();
        assertThat(t.activationBits()).isEqualTo(711);
        assertThat(t.unfusedBytes()).isEqualTo(185); // 1478 bits
        assertThat(t.fusedBytes()).isEqualTo(119); // 952 bits
        assertThat(t.fp32Bytes()).isEqualTo(128);
    }

    @Test
    void afterFusion() {
        Ledger l = LedgerBuilder.build(tiny(), true);
        LayerLedger c1 = l.layers().get(0);
        assertThat(c1.channelParamBits()).isEqualTo(2 * 33); // threshold + flip
        assertThat(c1.floatAddsCompares()).isEqualTo(8); // one threshold compare per pre-pool output
        assertThat(c1.outputPrecision()).isEqualTo(Precision.BINARY);
        assertThat(c1.activationBits()).isEqualTo(8);
        assertThat(l.layers().get(1).intOps()).isEqualTo(6); // OR of bits
        assertThat(l.layers().get(1).floatAddsCompares()).isZero();
        for (int folded : new int[] {2, 3, 6, 7}) {
            LayerLedger r = l.layers().get(folded);
            assertThat(r.storedBits() + r.floatMultiplications() + r.floatAddsCompares() + r.intOps() + r.activationBits())
                    .as(r.name()).isZero();
        }
        assertThat(l.layers().get(2).fusedInto()).isEqualTo("c1");
        LayerLedger d = l.layers().get(5);
        assertThat(d.channelParamBits()).isEqualTo(3 * 16);
        assertThat(d.batchShiftMinBits()).isEqualTo(3); // K = 2: B in [-3, 2]
        assertThat(d.intOps()).isEqualTo(6);
        assertThat(d.floatMultiplications()).isZero();
        assertThat(l.layers().get(8).fusedInto()).isNull();

        LedgerTotals t = l.totals();
        assertThat(t.floatMultiplications()).isEqualTo(74);
        assertThat(t.middleFloatMultiplications()).isZero();
        assertThat(t.middleFloatAddsCompares()).isZero();
        assertThat(t.intOps()).isEqualTo(12);
        assertThat(t.floatAddsCompares()).isEqualTo(14);
        assertThat(t.activationBits()).isEqualTo(143);
        assertThat(t.fusedBytes()).isEqualTo(119);
        assertThat(t.compressionRatio()).isEqualTo(128.0 / 119);
        assertThat(l.notes().get(0)).startsWith("2 fusable block(s): 1 BatchShift (integer), 1 threshold");
    }

    @Test
    void unfusableBlockStaysAsDefinedAndIsNoted() {
        NetworkDefinition d = tiny();
        List<LayerSpec> layers = new java.util.ArrayList<>(d.layers());
        layers.add(6, new ReluSpec("r")); // d -> relu -> b2 -> s2
        Ledger l = LedgerBuilder.build(d.withLayers(layers), true);
        assertThat(l.layers().get(5).fusedInto()).isNull();
        assertThat(l.layers().get(5).floatMultiplications()).isEqualTo(3);
        assertThat(l.totals().middleFloatMultiplications()).isEqualTo(3 + 3);
        assertThat(l.notes()).anyMatch(n -> n.contains("layer 'r'") && n.contains("relu"));
    }

    @Test
    void avgpoolCounts() {
        NetworkDefinition d = tiny();
        List<LayerSpec> layers = new java.util.ArrayList<>(d.layers());
        layers.set(1, new AvgPoolSpec("p", 2, 2));
        LayerLedger p = LedgerBuilder.build(d.withLayers(layers), false).layers().get(1);
        assertThat(p.floatAddsCompares()).isEqualTo(2 * 3);
        assertThat(p.floatMultiplications()).isEqualTo(2);
    }

    @Test
    void shapeErrorsHaveNoLedger() {
        NetworkDefinition d = tiny();
        List<LayerSpec> layers = new java.util.ArrayList<>(d.layers());
        layers.set(0, new Conv2dSpec("c1", 2, 5, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false));
        assertThatThrownBy(() -> LedgerBuilder.build(d.withLayers(layers), false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot build the ledger of 'tiny'").hasMessageContaining("kernel 5 is larger");
    }
}
