package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyFilesTest {

    @Test
    void headerIsNumpyFormat10AlignedTo64() {
        byte[] bytes = NpyFiles.toBytes(NpyArray.ofFloats(new int[] {2, 3}, new float[6]));
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength + 24);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
    }

    @Test
    void oneAndZeroDimensionalShapesUsePythonTupleSyntax() {
        assertThat(header(NpyArray.ofInts(new int[] {5}, new int[5]))).contains("'shape': (5,)");
        assertThat(header(NpyArray.ofInts(new int[] {}, new int[1]))).contains("'shape': ()");
        assertThat(header(NpyArray.ofInts(new int[] {2, 0, 4}, new int[0]))).contains("'shape': (2, 0, 4)");
    }

    @Test
    void everyDtypeRoundTripsBitExact() {
        float[] f = {0f, -0f, 1.5f, Float.NaN, Float.MIN_VALUE, -Float.MAX_VALUE};
        NpyArray floats = roundTrip(NpyArray.ofFloats(new int[] {2, 3}, f));
        assertThat(floats.dtype()).isEqualTo(NpyDtype.FLOAT32);
        for (int i = 0; i < f.length; i++) {
            assertThat(Float.floatToRawIntBits(floats.floats()[i])).isEqualTo(Float.floatToRawIntBits(f[i]));
        }
        short[] s = {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE};
        assertThat(roundTrip(NpyArray.ofShorts(new int[] {4}, s)).shorts()).containsExactly(s);
        int[] i32 = {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE};
        assertThat(roundTrip(NpyArray.ofInts(new int[] {2, 2}, i32)).ints()).containsExactly(i32);
        byte[] u8 = {0, 1, (byte) 200, (byte) 255};
        assertThat(roundTrip(NpyArray.ofUnsignedBytes(new int[] {1, 4}, u8)).unsignedBytes()).containsExactly(u8);
        long[] l = {Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE, 0x0123456789abcdefL, -2L};
        assertThat(roundTrip(NpyArray.ofLongs(new int[] {3, 2}, l)).longs()).containsExactly(l);
        NpyArray u64 = roundTrip(NpyArray.ofUnsignedLongs(new int[] {6}, l));
        assertThat(u64.dtype()).isEqualTo(NpyDtype.UINT64);
        assertThat(u64.longs()).containsExactly(l);
    }

    @Test
    void wrongTypedAccessorNamesBothTypes() {
        NpyArray a = NpyArray.ofShorts(new int[] {1}, new short[1]);
        assertThatThrownBy(a::floats).hasMessageContaining("<i2").hasMessageContaining("<f4");
    }

    @Test
    void readsWhatNumpyWrote() throws IOException {
        NpyArray f4 = resource("numpy-f4-2x3.npy");
        assertThat(f4.shape()).containsExactly(2, 3);
        assertThat(f4.floats()).containsExactly(-1f, -0.5f, 0f, 0.5f, 1f, 1.5f);
        assertThat(resource("numpy-i2-4.npy").shorts()).containsExactly((short) -32768, (short) -1, (short) 0,
                (short) 32767);
        NpyArray u8 = resource("numpy-u8-2x2.npy");
        assertThat(u8.dtype()).isEqualTo(NpyDtype.UINT64);
        assertThat(u8.longs()).containsExactly(0L, 1L, -1L, Long.MIN_VALUE);
        NpyArray scalar = resource("numpy-u1-0d.npy");
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.unsignedBytes()).containsExactly((byte) 200);
        NpyArray v2 = resource("numpy-v2-i4-3.npy");
        assertThat(v2.ints()).containsExactly(1, -2, 3);
    }

    @Test
    void refusesUnsupportedNumpyFilesWithTheReason() {
        assertThatThrownBy(() -> resource("numpy-f8-2.npy")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("numpy-f8-2.npy").hasMessageContaining("dtype '<f8' is not supported")
                .hasMessageContaining("<f4");
        assertThatThrownBy(() -> resource("numpy-fortran-f4-2x3.npy")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("Fortran");
        assertThatThrownBy(() -> resource("numpy-bigendian-f4-2.npy")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("big-endian").hasMessageContaining("'<f4'");
    }

    @Test
    void refusesDamagedFilesNamingTheSource() {
        byte[] good = NpyFiles.toBytes(NpyArray.ofFloats(new int[] {2, 3}, new float[6]));

        byte[] magic = good.clone();
        magic[1] = 'X';
        assertThatThrownBy(() -> NpyFiles.parse(magic, "w.npy")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("w.npy: ").hasMessageContaining("magic");

        byte[] version = good.clone();
        version[6] = 3;
        assertThatThrownBy(() -> NpyFiles.parse(version, "w.npy")).hasMessageContaining("version 3.0");

        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> NpyFiles.parse(truncated, "w.npy")).hasMessageContaining("truncated")
                .hasMessageContaining("needs 24 data bytes, the file has 23");

        byte[] longer = Arrays.copyOf(good, good.length + 4);
        assertThatThrownBy(() -> NpyFiles.parse(longer, "w.npy")).hasMessageContaining("4 bytes after the data");

        assertThatThrownBy(() -> NpyFiles.parse(Arrays.copyOf(good, 30), "w.npy"))
                .hasMessageContaining("truncated in the npy header");

        byte[] badShape = good.clone();
        replace(badShape, "(2, 3)", "(2, x)");
        assertThatThrownBy(() -> NpyFiles.parse(badShape, "w.npy")).hasMessageContaining("malformed npy header");

        byte[] shapeMismatch = good.clone();
        replace(shapeMismatch, "(2, 3)", "(3, 3)");
        assertThatThrownBy(() -> NpyFiles.parse(shapeMismatch, "w.npy")).hasMessageContaining("needs 36 data bytes");

        byte[] badKey = good.clone();
        replace(badKey, "'descr'", "'dtype'");
        assertThatThrownBy(() -> NpyFiles.parse(badKey, "w.npy")).hasMessageContaining("exactly the keys");

        assertThatThrownBy(() -> NpyFiles.parse(new byte[0], "empty.npy")).hasMessageContaining("empty.npy");
    }

    private static void replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).isNotNegative();
        byte[] repl = to.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(repl, 0, bytes, at, repl.length);
    }

    private static String header(NpyArray a) {
        byte[] bytes = NpyFiles.toBytes(a);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        return new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    }

    private static NpyArray roundTrip(NpyArray a) {
        NpyArray back = NpyFiles.parse(NpyFiles.toBytes(a), "mem");
        assertThat(back).isEqualTo(a);
        return back;
    }

    private static NpyArray resource(String name) throws IOException {
        try (InputStream in = NpyFilesTest.class.getResourceAsStream("/npy/" + name)) {
            assertThat(in).as(name).isNotNull();
            return NpyFiles.read(in, name);
        }
    }
}
