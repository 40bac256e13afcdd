package dev.bitflow.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Integer threshold packing == the float comparison {@code (float) s + B >= 0}, constant channels honoured. */
class ThresholdPackerTest {
    @Property(tries = 300)
    void bitIsSetExactlyWhenShiftedSumIsNonNegative(@ForAll @IntRange(min = 1, max = 140) int channels,
                                                      @ForAll @IntRange(min = 1, max = 3) int height,
                                                      @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] s = new int[height * 2 * channels];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(2001) - 1000;
        }
        short[] shift = new short[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = (short) (r.nextBoolean() ? -s[c] : r.nextInt(2001) - 1000); // hit s + B == 0 often
        }
        int wpp = PackedBits.wordsFor(channels);
        long[] constMask = new long[wpp];
        long[] constValue = new long[wpp];
        for (int c = 0; c < channels; c++) {
            if (r.nextInt(5) == 0) {
                constMask[c >>> 6] |= 1L << (c & 63);
            }
            if (r.nextBoolean()) {
                constValue[c >>> 6] |= 1L << (c & 63);
            }
        }
        PackedBits bits = ThresholdPacker.pack(s, height, 2, channels, shift, constMask, constValue);
        PackedBits noConst = ThresholdPacker.pack(s, height, 2, channels, shift, null, null);
        float[] floatS = new float[s.length];
        for (int p = 0; p < height * 2; p++) {
            for (int c = 0; c < channels; c++) {
                boolean viaFloat = (float) s[p * channels + c] + (float) shift[c] >= 0f;
                boolean constant = ((constMask[c >>> 6] >>> (c & 63)) & 1L) != 0;
                boolean constPlus = ((constValue[c >>> 6] >>> (c & 63)) & 1L) != 0;
                assertThat(noConst.get(p / 2, p % 2, c)).isEqualTo(viaFloat);
                assertThat(bits.get(p / 2, p % 2, c)).isEqualTo(constant ? constPlus : viaFloat);
                floatS[c * height * 2 + p] = (float) s[p * channels + c] + shift[c];
            }
        }
        assertThat(noConst).isEqualTo(PackedBits.fromSignsChw(floatS, channels, height, 2));
    }

    @Test
    void floatThresholdHonoursDirection() {
        float[] chw = {-1f, 0f, 0.5f, 1f, -1f, 0f, 0.5f, 1f};
        PackedBits bits = ThresholdPacker.packFloatChw(chw, 2, 2, 2, new float[] {0f, 0f}, new boolean[] {false, true});
        assertThat(bits.toPlusMinusOneChw()).containsExactly(-1f, 1f, 1f, 1f, 1f, 1f, -1f, -1f);
    }

    @Test
    void rejectsMismatchedParameters() {
        assertThatThrownBy(() -> ThresholdPacker.pack(new int[4], 1, 1, 4, new short[3], null, null))
                .hasMessageContaining("expected 4 shifts");
        assertThatThrownBy(() -> ThresholdPacker.pack(new int[4], 1, 1, 4, new short[4], new long[] {16L}, new long[1]))
                .hasMessageContaining("beyond channel 4");
        assertThatThrownBy(() -> ThresholdPacker.pack(new int[4], 1, 1, 4, new short[4], new long[1], null))
                .hasMessageContaining("together");
    }
}
