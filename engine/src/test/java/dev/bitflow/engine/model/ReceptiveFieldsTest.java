package dev.bitflow.engine.model;

import static dev.bitflow.engine.model.Nets.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ReceptiveField;
import dev.bitflow.engine.api.definition.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Receptive fields computed by hand for small nets, and against a slow pixel-set reference on random ones. */
class ReceptiveFieldsTest {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    private ReceptiveField field(NetworkDefinition def, String layer, int y, int x) {
        return service.receptiveField(def, layer, y, x);
    }

    /** nominal top, left, bottom, right; then the exact pixel region. */
    private static void assertField(ReceptiveField f, int top, int left, int bottom, int right, int pTop, int pLeft,
                                    int pBottom, int pRight) {
        assertThat(new int[] {f.top(), f.left(), f.bottom(), f.right()}).as("nominal").containsExactly(top, left, bottom, right);
        assertThat(new int[] {f.pixelTop(), f.pixelLeft(), f.pixelBottom(), f.pixelRight()}).as("exact")
                .containsExactly(pTop, pLeft, pBottom, pRight);
    }

    @Test
    void oneConvWithPaddingReachesBeyondTheCornerButOnlyItsPixelsCount() {
        NetworkDefinition def = net(Shape.spatial(1, 8, 8), fconv("c", 4, 3, 1, 1));
        ReceptiveField corner = field(def, "c", 0, 0);
        assertField(corner, -1, -1, 1, 1, 0, 0, 1, 1);
        assertThat(corner.beyondEdge()).isTrue();
        assertThat(corner.height()).isEqualTo(3);
        assertThat(corner.jump()).isEqualTo(1);
        ReceptiveField inside = field(def, "c", 3, 5);
        assertField(inside, 2, 4, 4, 6, 2, 4, 4, 6);
        assertThat(inside.beyondEdge()).isFalse();
        assertThat(inside.contains(4, 6)).isTrue();
        assertThat(inside.contains(5, 6)).isFalse();
        assertField(field(def, "c", 7, 7), 6, 6, 8, 8, 6, 6, 7, 7);
    }

    @Test
    void strideTwo() {
        // 8x8, kernel 3, stride 2, padding 1 -> 4x4; output o reads 2o - 1 .. 2o + 1
        NetworkDefinition def = net(Shape.spatial(1, 8, 8), fconv("c", 4, 3, 2, 1));
        assertField(field(def, "c", 3, 1), 5, 1, 7, 3, 5, 1, 7, 3);
        assertField(field(def, "c", 0, 2), -1, 3, 1, 5, 0, 3, 1, 5);
        assertThat(field(def, "c", 0, 0).jump()).isEqualTo(2);
    }

    @Test
    void convsAndAPoolCompose() {
        // fashion-bcnn's start: conv 3/1/1, BN, sign, conv 3/1/1 (28x28), pool 2/2 (14x14), conv 3/1/1
        NetworkDefinition def = net(Shape.spatial(1, 28, 28), fconv("c1", 8, 3, 1, 1), bn("b1"), sign("s1"),
                bconv("c2", 8, 3, 1, 1), maxpool("p2", 2, 2), bn("b2"), sign("s2"), bconv("c3", 8, 3, 1, 1));
        // c3 row 0 reads pool rows -1..1 (0..1 real); the pool reads c2 rows -2..3 (0..3); c2 reads -3..4 (0..4);
        // c1 reads -4..5 (0..5)
        ReceptiveField corner = field(def, "c3", 0, 0);
        assertField(corner, -4, -4, 5, 5, 0, 0, 5, 5);
        assertThat(corner.height()).isEqualTo(10);
        assertThat(corner.jump()).isEqualTo(2);
        // row 13 reads pool rows 12..14 (12..13); the pool c2 rows 24..29 (24..27); c2 23..30 (23..27); c1 22..31 (22..27);
        // column 6 reads pool columns 5..7, c2 10..15, c1 9..16, the image 8..17
        assertField(field(def, "c3", 13, 6), 22, 8, 31, 17, 22, 8, 27, 17);
        // on c2 itself (before its pool): 5x5 around the position
        assertField(field(def, "c2", 10, 20), 8, 18, 12, 22, 8, 18, 12, 22);
    }

    @Test
    void aStrideThatLeavesTheLastRowUnusedIsNotInTheExactRegion() {
        // 5x5, conv 2/2/0 -> 2x2 (row 4 unused), then conv 3/1/1: position 1 reads rows 0..2, of which 0..1 exist
        NetworkDefinition def = net(Shape.spatial(1, 5, 5), fconv("a", 4, 2, 2, 0), bconv("b", 4, 3, 1, 1));
        assertField(field(def, "b", 1, 1), 0, 0, 5, 5, 0, 0, 3, 3);
    }

    @Test
    void aPositionOnThePaddingOnlyDependsOnNoPixel() {
        // kernel 1 with padding 2: the first two rows of the 8x8 output read padding only
        NetworkDefinition def = net(Shape.spatial(1, 4, 4), fconv("c", 4, 1, 1, 2));
        ReceptiveField f = field(def, "c", 0, 3);
        assertThat(f.dependsOnImage()).isFalse();
        assertThat(f.top()).isEqualTo(-2);
        assertThat(field(def, "c", 2, 3).dependsOnImage()).isTrue();
    }

    @Test
    void aDenseUnitSeesEveryPixelThatReachesTheFlatten() {
        NetworkDefinition def = net(Shape.spatial(1, 5, 5), fconv("a", 4, 2, 2, 0), sign("s"), flatten("f"),
                bdense("d", 10), bdense("e", 3));
        assertField(field(def, "d", 0, 0), 0, 0, 3, 3, 0, 0, 3, 3);
        assertField(field(def, "e", 0, 0), 0, 0, 3, 3, 0, 0, 3, 3);
        assertThat(field(def, "e", 0, 0).jump()).isZero();
    }

    @Test
    void unknownLayersAndPositionsOutsideAreRefused() {
        NetworkDefinition def = net(Shape.spatial(1, 8, 8), fconv("c", 4, 3, 2, 1));
        assertThatThrownBy(() -> field(def, "x", 0, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no layer 'x'");
        assertThatThrownBy(() -> field(def, "c", 4, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("(y 4, x 0) is outside its output 4x4x4");
        NetworkDefinition broken = net(Shape.spatial(1, 4, 4), fconv("c", 4, 7, 1, 0));
        assertThatThrownBy(() -> field(broken, "c", 0, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no known output shape");
    }

    /** Random stacks of convs and pools: the exact region is the bounding box of the pixels a slow walk collects. */
    @Property(tries = 150)
    void exactRegionIsTheBoundingBoxOfTheDependentPixels(@ForAll @IntRange(min = 4, max = 14) int size,
                                                         @ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        java.util.Random r = new java.util.Random(seed);
        List<LayerSpec> layers = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            layers.add(r.nextInt(3) == 0 ? maxpool("l" + i, 1 + r.nextInt(2), 1 + r.nextInt(2))
                    : fconv("l" + i, 2, 1 + r.nextInt(3), 1 + r.nextInt(2), r.nextInt(3)));
        }
        NetworkDefinition def = net(Shape.spatial(1, size, size), layers.toArray(LayerSpec[]::new));
        List<LayerShape> shapes = ShapeInference.infer(def, new ArrayList<>());
        if (shapes.get(n - 1).output() == null) {
            return;
        }
        BitSet[][] deps = slowDependencies(def, shapes);
        Shape out = shapes.get(n - 1).output();
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                ReceptiveField f = ReceptiveFields.of(def, shapes, "l" + (n - 1), y, x);
                BitSet d = deps[y][x];
                if (d.isEmpty()) {
                    assertThat(f.dependsOnImage()).isFalse();
                    continue;
                }
                int top = Integer.MAX_VALUE;
                int left = Integer.MAX_VALUE;
                int bottom = -1;
                int right = -1;
                for (int p = d.nextSetBit(0); p >= 0; p = d.nextSetBit(p + 1)) {
                    top = Math.min(top, p / size);
                    bottom = Math.max(bottom, p / size);
                    left = Math.min(left, p % size);
                    right = Math.max(right, p % size);
                }
                assertThat(new int[] {f.pixelTop(), f.pixelLeft(), f.pixelBottom(), f.pixelRight()})
                        .as("%s at (%d, %d)", layers, y, x).containsExactly(top, left, bottom, right);
                assertThat(f.top()).isLessThanOrEqualTo(top);
                assertThat(f.bottom()).isGreaterThanOrEqualTo(bottom);
            }
        }
    }

    /** For every output position of the last layer, the set of image pixels (y * W + x) it reads, window by window. */
    private static BitSet[][] slowDependencies(NetworkDefinition def, List<LayerShape> shapes) {
        Shape in = def.input();
        BitSet[][] cur = new BitSet[in.height()][in.width()];
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                cur[y][x] = new BitSet();
                cur[y][x].set(y * in.width() + x);
            }
        }
        for (int i = 0; i < def.layers().size(); i++) {
            LayerSpec l = def.layers().get(i);
            Shape o = shapes.get(i).output();
            int k = l instanceof Conv2dSpec c ? c.kernel() : ((MaxPoolSpec) l).size();
            int s = l instanceof Conv2dSpec c ? c.stride() : ((MaxPoolSpec) l).stride();
            int p = l instanceof Conv2dSpec c ? c.padding().amount() : 0;
            BitSet[][] next = new BitSet[o.height()][o.width()];
            for (int y = 0; y < o.height(); y++) {
                for (int x = 0; x < o.width(); x++) {
                    next[y][x] = new BitSet();
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = y * s - p + ky;
                            int ix = x * s - p + kx;
                            if (iy >= 0 && ix >= 0 && iy < cur.length && ix < cur[0].length) {
                                next[y][x].or(cur[iy][ix]);
                            }
                        }
                    }
                }
            }
            cur = next;
        }
        return cur;
    }
}
