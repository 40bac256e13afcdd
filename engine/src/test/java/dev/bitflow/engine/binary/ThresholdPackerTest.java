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

    @Property(tries = 300)
    void pixelPackingByByteGatherEqualsThePlainPacker(@ForAll @IntRange(min = 1, max = 200) int channels,
                                                       @ForAll @IntRange(min = 0, max = 2304) int kEff,
                                                       @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] acc = new int[channels];
        short[] shift = new short[channels];
        int[] s = new int[channels];
        for (int c = 0; c < channels; c++) {
            acc[c] = r.nextInt(kEff + 1);
            s[c] = kEff - 2 * acc[c];
            shift[c] = switch (r.nextInt(4)) {
                case 0 -> (short) -s[c];                                   // exactly on the threshold
                case 1 -> r.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE; // int16 extremes
                default -> (short) (r.nextInt(2 * kEff + 3) - kEff - 1);
            };
        }
        int wpp = PackedBits.wordsFor(channels);
        long[] constMask = new long[wpp];
        long[] constValue = new long[wpp];
        for (int c = 0; c < channels; c += 5) {
            constMask[c >>> 6] |= 1L << (c & 63);
            constValue[c >>> 6] |= r.nextBoolean() ? 1L << (c & 63) : 0;
        }
        long[] words = new long[wpp + 2];
        words[0] = -1L; // neighbours must be left alone
        words[wpp + 1] = -1L;
        ThresholdPacker.PixelScratch scratch = ThresholdPacker.pixelScratch(channels);
        ThresholdPacker.packPixel(acc, kEff, ThresholdPacker.widen(shift), scratch, constMask, constValue, channels,
                words, 1);
        PackedBits expected = ThresholdPacker.pack(s, 1, 1, channels, shift, constMask, constValue);
        assertThat(java.util.Arrays.copyOfRange(words, 1, wpp + 1)).containsExactly(expected.words());
        assertThat(words[0]).isEqualTo(-1L);
        assertThat(words[wpp + 1]).isEqualTo(-1L);
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
