package dev.bitflow.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PackedBitsTest {
    @Property(tries = 200)
    void signPackingRoundTripsAndKeepsTailBitsZero(@ForAll @IntRange(min = 1, max = 200) int channels,
                                                    @ForAll @IntRange(min = 1, max = 4) int height,
                                                    @ForAll @IntRange(min = 1, max = 4) int width,
                                                    @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[channels * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(10) == 0 ? 0f : r.nextFloat() * 2 - 1;
        }
        PackedBits bits = PackedBits.fromSignsChw(x, channels, height, width);
        float[] back = bits.toPlusMinusOneChw();
        for (int i = 0; i < x.length; i++) {
            assertThat(back[i]).isEqualTo(x[i] >= 0f ? 1f : -1f);
        }
        for (int p = 0; p < height * width; p++) {
            long last = bits.words()[p * bits.wordsPerPixel() + bits.wordsPerPixel() - 1];
            assertThat(last & ~PackedBits.lastWordMask(channels)).isZero();
        }
        assertThat(PackedBits.wrap(channels, height, width, bits.words().clone())).isEqualTo(bits)
                .hasSameHashCodeAs(bits);
    }

    @Property(tries = 100)
    void getAndSetAddressChannelBitsOfTheirWord(@ForAll @Size(min = 1, max = 150) boolean[] values) {
        PackedBits bits = PackedBits.zeros(values.length, 2, 3);
        for (int c = 0; c < values.length; c++) {
            bits.set(1, 2, c, values[c]);
        }
        for (int c = 0; c < values.length; c++) {
            assertThat(bits.get(1, 2, c)).isEqualTo(values[c]);
            long word = bits.word(1, 2, c / 64);
            assertThat((word >>> (c % 64)) & 1L).isEqualTo(values[c] ? 1L : 0L);
            assertThat(bits.get(0, 0, c)).isFalse();
        }
    }

    @Test
    void signOfZeroAndNegativeZeroIsPlusOne() {
        PackedBits bits = PackedBits.fromSignsVector(new float[] {0f, -0f, -1e-30f, Float.NaN});
        assertThat(bits.get(0, 0, 0)).isTrue();
        assertThat(bits.get(0, 0, 1)).isTrue();
        assertThat(bits.get(0, 0, 2)).isFalse();
        assertThat(bits.get(0, 0, 3)).isFalse();
    }

    @Test
    void flattenIsChannelMajorLikeNchwReshape() {
        java.util.Random r = new java.util.Random(3);
        int c = 70;
        int h = 3;
        int w = 2;
        float[] chw = TestData.plusMinusOne(r, c * h * w);
        PackedBits flat = PackedBits.fromSignsChw(chw, c, h, w).flattenChannelMajor();
        assertThat(flat.channels()).isEqualTo(c * h * w);
        assertThat(flat.toPlusMinusOneChw()).containsExactly(chw);
    }

    /** The fast flatten against the obvious one, bit by bit through {@code get}, over shapes around the word sizes. */
    @Test
    void flattenEqualsBitByBitGather() {
        java.util.Random r = new java.util.Random(5);
        for (int c : new int[] {1, 3, 63, 64, 65, 128, 130}) {
            for (int[] hw : new int[][] {{1, 1}, {1, 3}, {7, 7}, {5, 13}}) {
                int h = hw[0];
                int w = hw[1];
                PackedBits bits = PackedBits.fromSignsChw(TestData.plusMinusOne(r, c * h * w), c, h, w);
                PackedBits flat = bits.flattenChannelMajor();
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            assertThat(flat.get(0, 0, (ch * h + y) * w + x)).as("c %d y %d x %d", ch, y, x)
                                    .isEqualTo(bits.get(y, x, ch));
                        }
                    }
                }
                assertThat(flat.countOnes()).isEqualTo(bits.countOnes()); // and nothing in the tail
            }
        }
    }

    @Test
    void setWordClearsTailBitsAndWrapRejectsThem() {
        PackedBits bits = PackedBits.zeros(3, 1, 1);
        bits.setWord(0, 0, 0, -1L);
        assertThat(bits.word(0, 0, 0)).isEqualTo(7L);
        assertThat(bits.countOnes()).isEqualTo(3);
        assertThatThrownBy(() -> PackedBits.wrap(3, 1, 1, new long[] {8L})).hasMessageContaining("unused high bits");
        assertThatThrownBy(() -> bits.get(0, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(PackedBits.zeros(3, 1, 1)).isNotEqualTo(bits).isNotEqualTo(PackedBits.zeros(3, 1, 2));
    }
}
