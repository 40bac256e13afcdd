package dev.bitflow.engine.spi.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Every damaged IDX file, raw or gzipped, gives a BadInputException naming the file, never anything else. */
class IdxReaderPropertiesTest {
    private static byte[] images(int count, int rows, int cols) {
        byte[] px = new byte[count * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 31 + 7);
        }
        return IdxWriter.imagesBytes(count, rows, cols, px);
    }

    @Property(tries = 200)
    void everyTruncationIsReported(@ForAll @IntRange(min = 1, max = 6) int count, @ForAll @IntRange(min = 1, max = 9) int rows,
                                   @ForAll @IntRange(min = 0, max = 10_000) int cutSeed, @ForAll boolean gzip) {
        byte[] full = images(count, rows, 5);
        int cut = cutSeed % full.length; // 0 .. length-1: strictly shorter
        byte[] damaged = Arrays.copyOf(full, cut);
        byte[] stored = gzip ? IdxWriter.gzip(damaged) : damaged;
        assertThatThrownBy(() -> IdxReader.parseImages("cut.idx", stored)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("cut.idx: ");
    }

    @Property(tries = 200)
    void everyAppendixIsReported(@ForAll @IntRange(min = 0, max = 40) int labelCount,
                                 @ForAll @Size(min = 1, max = 50) byte[] extra, @ForAll boolean gzip) {
        byte[] full = IdxWriter.labelsBytes(new byte[labelCount]);
        byte[] longer = Arrays.copyOf(full, full.length + extra.length);
        System.arraycopy(extra, 0, longer, full.length, extra.length);
        byte[] stored = gzip ? IdxWriter.gzip(longer) : longer;
        assertThatThrownBy(() -> IdxReader.parseLabels("long.idx", stored)).isInstanceOf(BadInputException.class)
                .hasMessage("long.idx: " + extra.length + " trailing bytes: header says " + labelCount + " labels ("
                        + labelCount + " bytes) but " + (labelCount + extra.length) + " bytes follow");
    }

    @Property(tries = 300)
    void randomByteDamageEitherParsesOrIsReported(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                                  @ForAll byte xor, @ForAll boolean gzip) {
        byte[] good = images(3, 4, 4);
        byte[] stored = gzip ? IdxWriter.gzip(good) : good.clone();
        stored[position % stored.length] ^= xor;
        try {
            IdxReader.Images parsed = IdxReader.parseImages("flip.idx", stored);
            assertThat((long) parsed.count() * parsed.rows() * parsed.cols()).isEqualTo(parsed.pixels().length);
        } catch (BadInputException e) {
            assertThat(e.getMessage()).startsWith("flip.idx: ");
        }
    }

    @Property(tries = 50)
    void hugeHeaderSizesAreRefusedWithoutAllocating(@ForAll @IntRange(min = 50_000, max = Integer.MAX_VALUE) int count) {
        byte[] header = java.nio.ByteBuffer.allocate(16 + 10).putInt(IdxReader.IMAGES_MAGIC).putInt(count)
                .putInt(28_000).putInt(28_000).array();
        assertThatThrownBy(() -> IdxReader.parseImages("big", header)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("big: truncated: header says " + count + " images of 28000x28000")
                .hasMessageEndingWith("but only 10 bytes follow");
    }
}
