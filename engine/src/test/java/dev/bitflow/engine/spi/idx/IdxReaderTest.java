package dev.bitflow.engine.spi.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.spi.RawImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37);
        }
        return p;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void readsRawAndGzipIdenticallyAndChecksumsTheStoredBytes() throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        byte[] raw = IdxWriter.imagesBytes(3, 4, 5, px);
        byte[] gz = IdxWriter.gzip(raw);
        IdxReader.Images a = IdxReader.readImages(write("imgs", raw));
        IdxReader.Images b = IdxReader.readImages(write("imgs.gz", gz));
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(4);
        assertThat(a.cols()).isEqualTo(5);
        assertThat(a.pixels()).isEqualTo(px).isEqualTo(b.pixels());
        assertThat(a.sha256()).isEqualTo(IdxReader.sha256(raw)).hasSize(64);
        assertThat(b.sha256()).isEqualTo(IdxReader.sha256(gz)).isNotEqualTo(a.sha256());
        // gzip is detected by its magic, not by the name
        assertThat(IdxReader.readImages(write("imgs-no-suffix", gz)).pixels()).isEqualTo(px);
    }

    @Test
    void combinesImagesAndLabels() throws IOException {
        IdxReader.Images imgs = IdxReader.parseImages("i", IdxWriter.imagesBytes(2, 2, 2, pixels(8)));
        IdxReader.Labels labels = IdxReader.parseLabels("l", IdxWriter.labelsBytes(new byte[] {9, 0}));
        RawImages raw = IdxReader.combine(imgs, labels, 10);
        assertThat(raw.count()).isEqualTo(2);
        assertThat(raw.channels()).isEqualTo(1);
        assertThat(raw.labels()).containsExactly(9, 0);
        assertThat(raw.pixel(1)).isEqualTo(37);
        assertThat(raw.pixel(7)).isEqualTo((7 * 37) & 0xFF);
        assertThat(raw.sha256()).hasSize(64).isNotEqualTo(imgs.sha256());
        assertThat(IdxReader.peekCount(write("l.gz", IdxWriter.gzip(IdxWriter.labelsBytes(new byte[5]))))).isEqualTo(5);
    }

    @Test
    void truncatedDataNamesTheFileAndTheSizes() throws IOException {
        byte[] full = IdxWriter.imagesBytes(60, 28, 28, pixels(60 * 784));
        byte[] cut = Arrays.copyOf(full, 16 + 1234);
        Path f = write("train-images-idx3-ubyte.gz", IdxWriter.gzip(cut));
        assertThatThrownBy(() -> IdxReader.readImages(f)).isInstanceOf(BadInputException.class)
                .hasMessage("train-images-idx3-ubyte.gz: truncated: header says 60 images of 28x28 (47040 bytes)"
                        + " but only 1234 bytes follow");
    }

    @Test
    void truncatedHeader() {
        byte[] full = IdxWriter.imagesBytes(1, 2, 2, pixels(4));
        assertThatThrownBy(() -> IdxReader.parseImages("x", Arrays.copyOf(full, 10)))
                .hasMessageContaining("x: truncated header: 10 bytes");
        assertThatThrownBy(() -> IdxReader.parseLabels("y", new byte[] {0, 0}))
                .hasMessageContaining("y: only 2 bytes, too short for an IDX header");
        assertThatThrownBy(() -> IdxReader.parseLabels("empty", new byte[0]))
                .hasMessageContaining("empty: only 0 bytes");
    }

    @Test
    void trailingBytes() {
        byte[] full = IdxWriter.labelsBytes(new byte[] {1, 2, 3});
        byte[] longer = Arrays.copyOf(full, full.length + 7);
        assertThatThrownBy(() -> IdxReader.parseLabels("lbl", longer)).isInstanceOf(BadInputException.class)
                .hasMessage("lbl: 7 trailing bytes: header says 3 labels (3 bytes) but 10 bytes follow");
    }

    @Test
    void badMagic() {
        byte[] notIdx = "PK\u0003\u0004 this is a zip".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> IdxReader.parseImages("a.zip", notIdx)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("a.zip: not an IDX file: magic number 0x504B0304, expected 0x00000803 (images)");
        byte[] labels = IdxWriter.labelsBytes(new byte[] {1});
        assertThatThrownBy(() -> IdxReader.parseImages("train-labels", labels))
                .hasMessageStartingWith("train-labels: this is an IDX labels file: magic number 0x00000801, expected 0x00000803");
        byte[] images = IdxWriter.imagesBytes(1, 1, 1, new byte[1]);
        assertThatThrownBy(() -> IdxReader.parseLabels("imgs", images))
                .hasMessageStartingWith("imgs: this is an IDX images file");
        byte[] twoDims = ByteBuffer.allocate(12).putInt(0x00000802).putInt(1).putInt(1).array();
        assertThatThrownBy(() -> IdxReader.parseLabels("m", twoDims))
                .hasMessageStartingWith("m: wrong number of dimensions 2, labels have 1");
    }

    @Test
    void wrongDataType() {
        byte[] floats = ByteBuffer.allocate(16 + 4).putInt(0x00000D03).putInt(1).putInt(1).putInt(1).putFloat(1f).array();
        assertThatThrownBy(() -> IdxReader.parseImages("f.idx", floats)).isInstanceOf(BadInputException.class)
                .hasMessage("f.idx: wrong data type 0x0D (float), only unsigned byte (0x08) is supported: "
                        + "magic number 0x00000D03, expected 0x00000803 (images)");
    }

    @Test
    void invalidDimensions() {
        byte[] zeroRows = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(1).putInt(0).putInt(28).array();
        assertThatThrownBy(() -> IdxReader.parseImages("z", zeroRows)).hasMessage("z: invalid rows 0 in the header");
        byte[] negative = ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(-5).array();
        assertThatThrownBy(() -> IdxReader.parseLabels("n", negative)).hasMessage("n: invalid label count -5 in the header");
    }

    @Test
    void dimensionsWhoseProductOverflowsALongAreRefused() {
        // found by IdxReaderPropertiesTest: 2^31-1 cubed does not fit in a long
        byte[] header = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(Integer.MAX_VALUE)
                .putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).array();
        assertThatThrownBy(() -> IdxReader.parseImages("huge", header)).isInstanceOf(BadInputException.class)
                .hasMessage("huge: header says 2147483647 images of 2147483647x2147483647, too large to load");
    }

    @Test
    void countMismatchAndLabelRange() {
        IdxReader.Images imgs = IdxReader.parseImages("train-images", IdxWriter.imagesBytes(3, 1, 1, new byte[3]));
        IdxReader.Labels two = IdxReader.parseLabels("t10k-labels", IdxWriter.labelsBytes(new byte[] {0, 1}));
        assertThatThrownBy(() -> IdxReader.combine(imgs, two, 10)).isInstanceOf(BadInputException.class)
                .hasMessage("train-images has 3 images but t10k-labels has 2 labels; they must be the same split");
        IdxReader.Labels bad = IdxReader.parseLabels("lbl", IdxWriter.labelsBytes(new byte[] {0, 1, (byte) 200}));
        assertThatThrownBy(() -> IdxReader.combine(imgs, bad, 10))
                .hasMessage("lbl: label 200 at index 2 is outside 0..9 (10 classes)");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = IdxWriter.gzip(IdxWriter.imagesBytes(10, 28, 28, pixels(7840)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Path f = write("train-images-idx3-ubyte.gz", cut);
        assertThatThrownBy(() -> IdxReader.readImages(f)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte.gz: gzip data is truncated");
        byte[] garbled = gz.clone();
        for (int i = 20; i < 60; i++) {
            garbled[i] ^= (byte) 0x5A;
        }
        assertThatThrownBy(() -> IdxReader.parseImages("g.gz", garbled)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("g.gz: gzip data is ");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("nope.gz"))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("nope.gz: file not found");
    }

    @Test
    void writerIsAtomicAndRoundTrips() throws IOException {
        Path f = dir.resolve("sub/labels.gz");
        IdxWriter.writeAtomically(f, IdxWriter.gzip(IdxWriter.labelsBytes(new byte[] {4, 2})));
        assertThat(IdxReader.readLabels(f).labels()).containsExactly(4, 2);
        try (var files = Files.list(f.getParent())) {
            assertThat(files).containsExactly(f);
        }
    }
}
