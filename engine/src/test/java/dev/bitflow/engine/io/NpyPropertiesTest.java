package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NpyPropertiesTest {

    @Property(tries = 300)
    void anyShapeAndDtypeRoundTripsWithAnAlignedHeader(@ForAll @Size(max = 5) java.util.List<@IntRange(max = 6) Integer> dims,
                                                       @ForAll NpyDtype dtype, @ForAll long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int n = (int) NpyArray.elementCount(shape);
        byte[] raw = new byte[n * dtype.itemSize()];
        new Random(seed).nextBytes(raw);
        NpyArray a = new NpyArray(dtype, shape, raw);

        byte[] file = NpyFiles.toBytes(a);
        int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8;

        assertThat((10 + headerLength) % 64).isZero();
        assertThat(file[10 + headerLength - 1]).isEqualTo((byte) '\n');
        NpyArray back = NpyFiles.parse(file, "prop");
        assertThat(back).isEqualTo(a);
        assertThat(back.shape()).containsExactly(shape);
    }

    @Property(tries = 300)
    void anyTruncationIsRefusedNeverMisread(@ForAll @IntRange(min = 1, max = 64) int size, @ForAll long seed,
                                            @ForAll @IntRange(min = 1, max = 400) int cut) {
        float[] v = new float[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat();
        }
        byte[] file = NpyFiles.toBytes(NpyArray.ofFloats(new int[] {size}, v));
        int keep = Math.max(0, file.length - cut);
        byte[] truncated = java.util.Arrays.copyOf(file, keep);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NpyFiles.parse(truncated, "t.npy"))
                .isInstanceOf(dev.bitflow.engine.api.BadInputException.class).hasMessageStartingWith("t.npy: ");
    }
}
