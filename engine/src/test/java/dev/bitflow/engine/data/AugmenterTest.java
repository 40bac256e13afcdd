package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each augmentation does what the definition format says, and the same seed gives the same output. */
class AugmenterTest {
    private static final Shape SHAPE = Shape.spatial(2, 4, 5);
    private static final float FILL = -1f;

    /** Channel c, row y, column x has value 100 c + 10 y + x. */
    private static float[] image() {
        float[] v = new float[(int) SHAPE.size()];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    v[(c * 4 + y) * 5 + x] = 100 * c + 10 * y + x;
                }
            }
        }
        return v;
    }

    private static float[] apply(Augmentation a, long seed) {
        float[] out = new float[(int) SHAPE.size()];
        new Augmenter(a).apply(image(), out, 0, SHAPE, FILL, seed);
        return out;
    }

    @Test
    void noneIsTheIdentity() {
        assertThat(new Augmenter(Augmentation.NONE).isIdentity()).isTrue();
        assertThat(apply(Augmentation.NONE, 1)).containsExactly(image());
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannelOrLeavesTheImage() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            float[] out = apply(new Augmentation(0, 0, true), seed);
            boolean flipped = out[0] == 4f;
            seen.add(flipped ? "flipped" : "kept");
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 5; x++) {
                        float expected = 100 * c + 10 * y + (flipped ? 4 - x : x);
                        assertThat(out[(c * 4 + y) * 5 + x]).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("flipped", "kept");
    }

    @Test
    void cropWithPaddingMovesTheContentAndFillsWithBlack() {
        Set<String> offsets = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            float[] out = apply(new Augmentation(1, 0, false), seed);
            // find the offset: out(y, x) = in(y + dy, x + dx) where inside, else FILL
            int dy = 9;
            int dx = 9;
            for (int y = 0; y < 4 && dy == 9; y++) {
                for (int x = 0; x < 5; x++) {
                    float v = out[y * 5 + x];
                    if (v != FILL) {
                        dy = (int) (v / 10) - y;
                        dx = (int) (v % 10) - x;
                        break;
                    }
                }
            }
            assertThat(dy).isBetween(-1, 1);
            assertThat(dx).isBetween(-1, 1);
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 5; x++) {
                        int sy = y + dy;
                        int sx = x + dx;
                        float expected = sy >= 0 && sy < 4 && sx >= 0 && sx < 5 ? 100 * c + 10 * sy + sx : FILL;
                        assertThat(out[(c * 4 + y) * 5 + x]).isEqualTo(expected);
                    }
                }
            }
            offsets.add(dy + "," + dx);
        }
        assertThat(offsets).hasSize(9); // every offset of -1..1 x -1..1 occurs
    }

    @Test
    void shiftRepeatsTheEdgePixels() {
        Set<String> shifts = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            float[] out = apply(new Augmentation(0, 2, false), seed);
            // exactly the shift (sy, sx) in -2..2 explains the output: out(y, x) = in(clamp(y + sy), clamp(x + sx))
            String found = null;
            for (int sy = -2; sy <= 2; sy++) {
                for (int sx = -2; sx <= 2; sx++) {
                    if (matchesShift(out, sy, sx)) {
                        found = sy + "," + sx;
                    }
                }
            }
            assertThat(found).as("seed %d", seed).isNotNull();
            shifts.add(found);
        }
        assertThat(shifts).hasSize(25);
    }

    private static boolean matchesShift(float[] out, int sy, int sx) {
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    int yy = Math.min(3, Math.max(0, y + sy));
                    int xx = Math.min(4, Math.max(0, x + sx));
                    if (out[(c * 4 + y) * 5 + x] != 100 * c + 10 * yy + xx) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void sameSeedSameOutputOtherSeedsDiffer() {
        Augmentation all = new Augmentation(2, 1, true);
        assertThat(apply(all, 12345)).containsExactly(apply(all, 12345));
        Set<String> outputs = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            outputs.add(java.util.Arrays.toString(apply(all, Augmenter.exampleSeed(7, (int) seed))));
        }
        assertThat(outputs.size()).isGreaterThan(10);
    }
}
