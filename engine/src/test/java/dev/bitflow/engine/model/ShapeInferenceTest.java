package dev.bitflow.engine.model;

import static dev.bitflow.engine.model.Nets.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** One test per layer type's shape rule, plus the error cases. */
class ShapeInferenceTest {
    private static Shape out(Shape in, LayerSpec layer) {
        List<DesignIssue> issues = new ArrayList<>();
        List<LayerShape> shapes = ShapeInference.infer(net(in, layer), issues);
        return shapes.get(0).output();
    }

    private static List<DesignIssue> issues(Shape in, LayerSpec... layers) {
        List<DesignIssue> issues = new ArrayList<>();
        ShapeInference.infer(net(in, layers), issues);
        return issues;
    }

    @Test
    void conv2d() {
        assertThat(out(Shape.spatial(3, 227, 227), fconv("c", 96, 11, 4, 0))).isEqualTo(Shape.spatial(96, 55, 55));
        assertThat(out(Shape.spatial(96, 27, 27), bconv("c", 256, 5, 1, 2))).isEqualTo(Shape.spatial(256, 27, 27));
        assertThat(out(Shape.spatial(1, 28, 28), fconv("c", 8, 3, 1, 0))).isEqualTo(Shape.spatial(8, 26, 26));
        assertThat(out(Shape.spatial(1, 28, 20), fconv("c", 8, 3, 2, 1))).isEqualTo(Shape.spatial(8, 14, 10));
    }

    @Property(tries = 200)
    void convFormula(@ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 7) int k,
                     @ForAll @IntRange(min = 1, max = 4) int s, @ForAll @IntRange(min = 0, max = 3) int p) {
        Shape o = out(Shape.spatial(2, h, h), fconv("c", 5, k, s, p));
        if (k > h + 2 * p) {
            assertThat(o).isNull();
        } else {
            // count the window positions directly
            int positions = 0;
            for (int start = -p; start + k <= h + p; start += s) {
                positions++;
            }
            assertThat(o).isEqualTo(Shape.spatial(5, positions, positions));
        }
    }

    @Test
    void kernelTooLarge() {
        List<DesignIssue> i = issues(Shape.spatial(1, 4, 4), fconv("c", 8, 7, 1, 1));
        assertThat(i).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("KERNEL_TOO_LARGE");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.layer()).isEqualTo("c");
            assertThat(x.field()).isEqualTo("kernel");
            assertThat(x.message()).contains("kernel 7 is larger than the input height 4 + 2 x padding 1 = 6");
        });
    }

    @Test
    void convOnFlatInput() {
        assertThat(issues(Shape.spatial(1, 4, 4), flatten("f"), fconv("c", 8, 1, 1, 0)))
                .extracting(DesignIssue::code).containsExactly("CONV_NEEDS_SPATIAL_INPUT");
    }

    @Test
    void unevenStrideIsInfo() {
        List<DesignIssue> i = issues(Shape.spatial(1, 28, 28), fconv("c", 8, 3, 2, 0));
        assertThat(i).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("UNEVEN_STRIDE");
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.field()).isEqualTo("stride");
        });
    }

    @Test
    void pools() {
        assertThat(out(Shape.spatial(96, 55, 55), maxpool("p", 3, 2))).isEqualTo(Shape.spatial(96, 27, 27));
        assertThat(out(Shape.spatial(8, 28, 28), avgpool("p", 2, 2))).isEqualTo(Shape.spatial(8, 14, 14));
        assertThat(out(Shape.spatial(8, 7, 7), maxpool("p", 2, 2))).isEqualTo(Shape.spatial(8, 3, 3));
        assertThat(issues(Shape.spatial(8, 2, 2), maxpool("p", 3, 3))).extracting(DesignIssue::code)
                .containsExactly("POOL_TOO_LARGE");
        assertThat(issues(Shape.spatial(8, 2, 2), flatten("f"), avgpool("p", 2, 2))).extracting(DesignIssue::code)
                .containsExactly("POOL_NEEDS_SPATIAL_INPUT");
    }

    @Test
    void denseRule() {
        assertThat(out(Shape.flat(100), fdense("d", 10))).isEqualTo(Shape.flat(10));
        List<DesignIssue> i = issues(Shape.spatial(2, 3, 3), fdense("d", 10));
        assertThat(i).extracting(DesignIssue::code).containsExactly("DENSE_NEEDS_FLAT_INPUT");
        assertThat(i.get(0).message()).contains("add a flatten layer");
    }

    @Test
    void flattenRule() {
        assertThat(out(Shape.spatial(128, 7, 7), flatten("f"))).isEqualTo(Shape.flat(6272));
        assertThat(issues(Shape.spatial(128, 7, 7), flatten("f"), flatten("g"))).extracting(DesignIssue::code)
                .containsExactly("FLATTEN_ON_FLAT");
    }

    @Test
    void shapePreservingLayers() {
        Shape s = Shape.spatial(4, 5, 6);
        assertThat(out(s, bn("b"))).isEqualTo(s);
        assertThat(out(s, sign("s"))).isEqualTo(s);
        assertThat(out(s, relu("r"))).isEqualTo(s);
        assertThat(out(s, dropout("d"))).isEqualTo(s);
        assertThat(out(Shape.flat(10), softmax("o"))).isEqualTo(Shape.flat(10));
        assertThat(issues(s, softmax("o"))).extracting(DesignIssue::code).containsExactly("SOFTMAX_NEEDS_FLAT_INPUT");
    }

    @Test
    void laterShapesUnknownAfterAnError() {
        DesignReport r = DesignChecker.check(net(Shape.spatial(1, 4, 4), fconv("c", 8, 9, 1, 0), flatten("f"),
                fdense("d", 2), softmax("o")));
        assertThat(r.shapes()).extracting(LayerShape::output).containsOnlyNulls();
        assertThat(r.hasErrors()).isTrue();
    }

    @Test
    void binaryDomainFollowsSignThroughMaxPoolFlattenDropout() {
        DesignReport r = DesignChecker.check(net(Shape.spatial(1, 8, 8), fconv("c", 8, 3, 1, 1), bn("b"), sign("s"),
                maxpool("p", 2, 2), dropout("d"), flatten("f"), bdense("fc", 10), softmax("o")));
        assertThat(r.shapes()).extracting(LayerShape::binaryInput)
                .containsExactly(false, false, false, true, true, true, true, false);
    }
}
