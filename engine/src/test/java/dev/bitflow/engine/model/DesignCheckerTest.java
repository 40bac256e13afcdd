package dev.bitflow.engine.model;

import static dev.bitflow.engine.model.Nets.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per design-check code (docs/definition-format.md lists them). */
class DesignCheckerTest {
    private static final Shape IN = Shape.spatial(1, 8, 8);

    /** float conv -> maxpool -> BN -> sign -> binary conv -> BN -> sign -> flatten -> float dense -> softmax. */
    private static List<LayerSpec> base() {
        return new ArrayList<>(List.of(fconv("c1", 8, 3, 1, 1), maxpool("p1", 2, 2), bn("b1"), sign("s1"),
                bconv("c2", 16, 3, 1, 1), bn("b2"), sign("s2"), flatten("f"), fdense("fc", 10), softmax("o")));
    }

    private static DesignReport check(List<LayerSpec> layers) {
        return DesignChecker.check(net(IN, layers.toArray(LayerSpec[]::new)));
    }

    private static List<FusionBlock> blocks(List<LayerSpec> layers) {
        return FusionPlanner.plan(net(IN, layers.toArray(LayerSpec[]::new))).blocks();
    }

    private static DesignIssue only(DesignReport r, String code) {
        assertThat(r.issues(code)).as(r.issues().toString()).hasSize(1);
        return r.issues(code).get(0);
    }

    @Test
    void cleanBcnnHasNoIssuesAndTwoBlocks() {
        DesignReport r = check(base());
        assertThat(r.issues()).isEmpty();
        List<FusionBlock> blocks = blocks(base());
        assertThat(blocks).extracting(FusionBlock::kind, FusionBlock::linearIndex, FusionBlock::bnIndex,
                FusionBlock::signIndex).containsExactly(tuple(FusionBlock.Kind.FIRST, 0, 2, 3),
                tuple(FusionBlock.Kind.BINARY, 4, 5, 6), tuple(FusionBlock.Kind.OUTPUT, 8, -1, -1));
    }

    @Test
    void emptyNetwork() {
        assertThat(only(check(List.of()), "EMPTY_NETWORK").severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void noWeightLayer() {
        DesignReport r = check(List.of(flatten("f"), softmax("o")));
        assertThat(only(r, "NO_WEIGHT_LAYER").severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void firstLayerBinary() {
        List<LayerSpec> l = base();
        l.set(0, bconv("c1", 8, 3, 1, 1));
        DesignIssue i = only(check(l), "FIRST_LAYER_BINARY");
        assertThat(i.severity()).isEqualTo(Severity.WARNING);
        assertThat(i.layer()).isEqualTo("c1");
        assertThat(i.field()).isEqualTo("weights");
        // its input is the image: not reported as "not binarized" (that is what FIRST_LAYER_BINARY says)
        assertThat(check(l).issues("BINARY_INPUT_NOT_BINARIZED")).isEmpty();
    }

    @Test
    void lastLayerBinary() {
        List<LayerSpec> l = base();
        l.set(8, bdense("fc", 10));
        DesignIssue i = only(check(l), "LAST_LAYER_BINARY");
        assertThat(i.severity()).isEqualTo(Severity.WARNING);
        assertThat(i.layer()).isEqualTo("fc");
    }

    @Test
    void binaryLayerOnRealInput() {
        List<LayerSpec> l = base();
        l.remove(3); // drop sign s1: c2 now reads BN output
        DesignReport r = check(l);
        DesignIssue i = only(r, "BINARY_INPUT_NOT_BINARIZED");
        assertThat(i.severity()).isEqualTo(Severity.WARNING);
        assertThat(i.layer()).isEqualTo("c2");
        assertThat(i.message()).contains("from batchnorm 'b1'");
        // the first block has no sign any more: fusion refuses the network there
        assertThat(only(r, "FUSION_ORDER").layer()).isEqualTo("c1");
    }

    @Test
    void signWithoutBn() {
        List<LayerSpec> l = base();
        l.remove(5); // c2 -> s2 directly
        DesignReport r = check(l);
        DesignIssue i = only(r, "SIGN_WITHOUT_BN");
        assertThat(i.layer()).isEqualTo("s2");
        assertThat(i.message()).contains("follows conv2d 'c2'");
        assertThat(r.issues("FUSION_ORDER")).as("fusion folds SF into a threshold at 0 (decision 0053)").isEmpty();
    }

    @Test
    void signOnBinary() {
        List<LayerSpec> l = base();
        l.add(4, sign("again"));
        assertThat(only(check(l), "SIGN_ON_BINARY").severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void avgpoolOnBinary() {
        List<LayerSpec> l = base();
        l.add(4, avgpool("ap", 2, 2));
        DesignReport r = check(l);
        assertThat(only(r, "AVGPOOL_ON_BINARY").layer()).isEqualTo("ap");
        assertThat(r.issuesFor("ap")).extracting(DesignIssue::code).containsExactly("AVGPOOL_ON_BINARY",
                "FUSION_ORDER");
        assertThat(only(r, "BINARY_INPUT_NOT_BINARIZED").layer()).isEqualTo("c2");
    }

    @Test
    void avgpoolBetweenBinaryConvAndBnIsNotFusable() {
        List<LayerSpec> l = base();
        l.add(5, avgpool("ap", 2, 2));
        DesignIssue i = only(check(l), "FUSION_ORDER");
        assertThat(i.layer()).isEqualTo("ap");
        assertThat(i.message()).contains("average pooling before the sign of 'c2'");
    }

    @Test
    void dropoutBetweenBnAndSignIsFusedAsTheIdentity() {
        List<LayerSpec> l = base();
        l.add(6, dropout("d"));
        DesignReport r = check(l);
        assertThat(r.issues("FUSION_ORDER")).isEmpty();
        assertThat(only(r, "SIGN_WITHOUT_BN").layer()).isEqualTo("s2");
        assertThat(blocks(l)).extracting(FusionBlock::kind, FusionBlock::linearIndex, FusionBlock::bnIndex,
                FusionBlock::signIndex).contains(tuple(FusionBlock.Kind.BINARY, 4, 5, 7));
    }

    @Test
    void poolAfterBnIsFusedAsAnOrOfBits() {
        List<LayerSpec> l = base();
        l.set(1, bn("b1"));
        l.set(2, maxpool("p1", 2, 2));
        assertThat(check(l).issues("FUSION_ORDER")).isEmpty();
        assertThat(blocks(l)).extracting(FusionBlock::kind, FusionBlock::linearIndex, FusionBlock::bnIndex,
                FusionBlock::signIndex).contains(tuple(FusionBlock.Kind.FIRST, 0, 1, 3));
    }

    @Test
    void twoBatchNormsBeforeASignAreNotFusable() {
        List<LayerSpec> l = base();
        l.add(5, bn("extra"));
        DesignIssue i = only(check(l), "FUSION_ORDER");
        assertThat(i.layer()).isEqualTo("b2");
        assertThat(i.message()).contains("a second batchnorm between 'c2' and its sign");
    }

    @Test
    void binaryLayerWithoutSign() {
        List<LayerSpec> l = base();
        l.remove(6); // c2 -> b2 -> flatten -> fc
        DesignIssue i = only(check(l), "FUSION_ORDER");
        assertThat(i.layer()).isEqualTo("c2");
        assertThat(i.message()).contains("reaches the next linear layer without a sign");
    }

    @Test
    void dropoutOnBinary() {
        List<LayerSpec> l = base();
        l.add(4, dropout("d"));
        DesignIssue i = only(check(l), "DROPOUT_ON_BINARY");
        assertThat(i.field()).isEqualTo("rate");
    }

    @Test
    void floatMiddleLayerAndScalingOnFloat() {
        List<LayerSpec> l = base();
        l.set(4, new dev.bitflow.engine.api.definition.Conv2dSpec("c2", 16, 3, 1,
                dev.bitflow.engine.api.definition.Padding.zero(1), Precision.FLOAT, ScalingFactor.MEAN_ABS, false));
        DesignReport r = check(l);
        assertThat(only(r, "FLOAT_MIDDLE_LAYER").severity()).isEqualTo(Severity.INFO);
        assertThat(only(r, "SCALING_ON_FLOAT_WEIGHTS").field()).isEqualTo("scaling");
        // BatchShift needs binary weights: a float layer in the middle is not fused (and the float network as a
        // whole is not a BCNN, so check does not warn about fusion)
        assertThat(blocks(l)).extracting(FusionBlock::kind).containsExactly(FusionBlock.Kind.FIRST,
                FusionBlock.Kind.OUTPUT);
        assertThat(r.issues("FUSION_ORDER")).isEmpty();
    }

    @Test
    void biasBeforeBn() {
        List<LayerSpec> l = base();
        l.set(4, new dev.bitflow.engine.api.definition.Conv2dSpec("c2", 16, 3, 1,
                dev.bitflow.engine.api.definition.Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, true));
        assertThat(only(check(l), "BIAS_BEFORE_BN").field()).isEqualTo("bias");
    }

    @Test
    void plusMinusOnePaddingOnRealInput() {
        List<LayerSpec> l = base();
        l.set(0, pmconv("c1", PaddingMode.MINUS_ONE));
        DesignReport r = check(l);
        assertThat(only(r, "PM_ONE_PADDING_ON_REAL_INPUT").field()).isEqualTo("padding");
        List<LayerSpec> ok = base();
        ok.set(4, pmconv("c2", PaddingMode.PLUS_ONE));
        assertThat(check(ok).issues("PM_ONE_PADDING_ON_REAL_INPUT")).isEmpty();
    }

    @Test
    void softmaxNotLastAndMissing() {
        List<LayerSpec> l = base();
        l.add(8, softmax("early"));
        DesignReport r = check(l);
        assertThat(only(r, "SOFTMAX_NOT_LAST").layer()).isEqualTo("early");
        List<LayerSpec> m = base();
        m.remove(9);
        DesignIssue i = only(check(m), "MISSING_SOFTMAX");
        assertThat(i.severity()).isEqualTo(Severity.ERROR);
        assertThat(i.layer()).isEqualTo("fc");
    }

    @Test
    void outputClassMismatch() {
        NetworkDefinition d = net(IN, base().toArray(LayerSpec[]::new))
                .withDataset(new DatasetRef("fashion-mnist", List.of(6, 0), Normalization.MINUS_ONE_TO_ONE));
        DesignIssue i = only(DesignChecker.check(d), "OUTPUT_CLASS_MISMATCH");
        assertThat(i.layer()).isEqualTo("fc");
        assertThat(i.field()).isEqualTo("units");
        assertThat(i.message()).contains("outputs 10 values but the dataset task has 2 classes [6, 0]");
        List<LayerSpec> two = base();
        two.set(8, new DenseSpec("fc", 2, Precision.FLOAT, ScalingFactor.NONE, true));
        assertThat(DesignChecker.check(d.withLayers(two)).issues()).isEmpty();
        // a trained model's definition names its classes: their count is the task's
        NetworkDefinition named = d.withDataset(new DatasetRef("images", List.of(), Normalization.UNIT)
                .resolved("images", null, List.of("cat", "dog", "eel")));
        assertThat(only(DesignChecker.check(named), "OUTPUT_CLASS_MISMATCH").message())
                .contains("outputs 10 values but the dataset task has 3 classes [cat, dog, eel]");
    }

    @Test
    void everyDocumentedCodeIsExercised() throws Exception {
        // the list of codes in docs/definition-format.md and this test class stay in sync
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "definition-format.md"));
        for (String code : List.of("EMPTY_NETWORK", "NO_WEIGHT_LAYER", "FIRST_LAYER_BINARY", "LAST_LAYER_BINARY",
                "BINARY_INPUT_NOT_BINARIZED", "SIGN_WITHOUT_BN", "SIGN_ON_BINARY", "AVGPOOL_ON_BINARY", "FUSION_ORDER",
                "DROPOUT_ON_BINARY", "FLOAT_MIDDLE_LAYER", "SCALING_ON_FLOAT_WEIGHTS", "BIAS_BEFORE_BN",
                "PM_ONE_PADDING_ON_REAL_INPUT", "SOFTMAX_NOT_LAST", "MISSING_SOFTMAX", "OUTPUT_CLASS_MISMATCH",
                "KERNEL_TOO_LARGE", "POOL_TOO_LARGE", "CONV_NEEDS_SPATIAL_INPUT", "POOL_NEEDS_SPATIAL_INPUT",
                "DENSE_NEEDS_FLAT_INPUT", "SOFTMAX_NEEDS_FLAT_INPUT", "FLATTEN_ON_FLAT", "UNEVEN_STRIDE", "SHAPE_TOO_LARGE",
                "INPUT_TOO_LARGE", "WEIGHTS_TOO_LARGE")) {
            assertThat(doc).as("docs/definition-format.md documents " + code).contains("`" + code + "`");
        }
    }
}
