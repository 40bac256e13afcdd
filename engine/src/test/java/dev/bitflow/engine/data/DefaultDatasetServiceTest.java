package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DatasetRefs;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.idx.IdxReader;
import dev.bitflow.engine.spi.idx.IdxWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data service over small synthetic IDX folders (fast, always runs) and the installed full set. */
class DefaultDatasetServiceTest {
    @TempDir
    Path dir;

    /** A folder with 4 classes worth of synthetic 28x28 images: example i has label i % 10, pixels i + k. */
    private DataLocation syntheticFolder(int train, int test) throws IOException {
        writeSplit("train", train);
        writeSplit("t10k", test);
        return DataLocation.directory(dir);
    }

    private void writeSplit(String prefix, int n) throws IOException {
        byte[] px = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int k = 0; k < 784; k++) {
                px[i * 784 + k] = (byte) (i + k);
            }
        }
        IdxWriter.writeAtomically(dir.resolve(prefix + "-images-idx3-ubyte.gz"), IdxWriter.gzip(IdxWriter.imagesBytes(n, 28, 28, px)));
        // raw (not gzipped) labels: both spellings are found
        IdxWriter.writeAtomically(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxWriter.labelsBytes(labels));
    }

    @Test
    void classSubsetRelabelsInPublishedOrder() throws IOException {
        DataLocation loc = syntheticFolder(100, 30);
        DefaultDatasetService data = TestDatasets.service();
        LabeledData view = data.load(DatasetRefs.shirtVsTshirt(Normalization.UNIT), loc, Split.TRAIN);
        assertThat(view.count()).isEqualTo(20);
        assertThat(view.classNames()).containsExactly("Shirt", "T-shirt/top");
        // published order: 0 (T-shirt, label 1), 6 (Shirt, label 0), 10, 16, ...
        assertThat(view.y()).startsWith(1, 0, 1, 0);
        assertThat(TestDatasets.values(view)[0]).isEqualTo(0f);                     // example 0, pixel 0: value 0
        assertThat(TestDatasets.values(view)[784]).isEqualTo(6 / 255f);            // example 6, pixel 0: value 6
        assertThat(view.classCounts()).containsExactly(10, 10);
        assertThat(view.exampleShape().toString()).isEqualTo("1x28x28");
        assertThat(view.name()).contains("fashion-mnist[6, 0]", "train");
        assertThat(data.size(DatasetRefs.shirtVsTshirt(Normalization.UNIT), loc, DataSplit.TEST)).isEqualTo(6);

        ImageSample s = data.sample(DatasetRefs.shirtVsTshirt(Normalization.UNIT), loc, DataSplit.TRAIN, 1);
        assertThat(s.sourceIndex()).isEqualTo(6);
        assertThat(s.label()).isZero();
        assertThat(s.labelName()).isEqualTo("Shirt");
        assertThat(s.sourceLabel()).isEqualTo(6);
        assertThat(s.pixel(0, 0, 3)).isEqualTo(9);
        assertThatThrownBy(() -> data.sample(DatasetRefs.shirtVsTshirt(Normalization.UNIT), loc, DataSplit.TRAIN, 20))
                .isInstanceOf(BadInputException.class).hasMessageContaining("image index 20 is outside 0..19");
    }

    @Test
    void normalisationRanges() throws IOException {
        DataLocation loc = syntheticFolder(300, 10);
        DefaultDatasetService data = TestDatasets.service();
        LabeledData unit = data.load(DatasetRefs.fashionMnist(Normalization.UNIT), loc, Split.TRAIN);
        LabeledData sym = data.load(DatasetRefs.fashionMnist(Normalization.MINUS_ONE_TO_ONE), loc, Split.TRAIN);
        assertThat(min(TestDatasets.values(unit))).isEqualTo(0f);
        assertThat(max(TestDatasets.values(unit))).isEqualTo(1f);
        assertThat(min(TestDatasets.values(sym))).isEqualTo(-1f);
        assertThat(max(TestDatasets.values(sym))).isEqualTo(1f);
        float[] unitValues = TestDatasets.values(unit);
        float[] symValues = TestDatasets.values(sym);
        for (int i = 0; i < unitValues.length; i += 97) {
            assertThat(symValues[i]).isCloseTo(unitValues[i] * 2 - 1, org.assertj.core.data.Offset.offset(1e-6f));
        }
        // null normalisation means UNIT
        LabeledData dflt = data.load(new DatasetRef("fashion-mnist", List.of(), null), loc, Split.TRAIN);
        assertThat(TestDatasets.values(dflt)).isEqualTo(TestDatasets.values(unit));
    }

    @Test
    void seededSplitIsDeterministicAndDisjoint() throws IOException {
        DataLocation loc = syntheticFolder(200, 10);
        DatasetRef ref = DatasetRefs.fashionMnist(Normalization.UNIT);
        TrainValidation a = TestDatasets.service().trainValidation(ref, loc, 0.1, 42);
        TrainValidation b = TestDatasets.service().trainValidation(ref, loc, 0.1, 42);
        TrainValidation c = TestDatasets.service().trainValidation(ref, loc, 0.1, 43);
        assertThat(a.validation().count()).isEqualTo(20);
        assertThat(a.train().count()).isEqualTo(180);
        assertThat(TestDatasets.values(a.train())).isEqualTo(TestDatasets.values(b.train()));
        assertThat(a.validation().y()).isEqualTo(b.validation().y());
        assertThat(TestDatasets.values(a.train())).isNotEqualTo(TestDatasets.values(c.train()));
        // disjoint and complete: every example's first pixel (= its index mod 256) appears once overall
        java.util.Set<Float> firstPixels = new java.util.HashSet<>();
        for (LabeledData part : List.of(a.train(), a.validation())) {
            float[] values = TestDatasets.values(part);
            for (int i = 0; i < part.count(); i++) {
                // example i's pixel 0 = i & 0xFF, pixel 1 = (i+1) & 0xFF: the pair identifies i < 256
                firstPixels.add(values[i * 784] * 1000 + values[i * 784 + 1]);
            }
        }
        assertThat(firstPixels).hasSize(200);
        TrainValidation none = TestDatasets.service().trainValidation(ref, loc, 0, 1);
        assertThat(none.validation().count()).isZero();
        assertThat(none.train().count()).isEqualTo(200);
        assertThatThrownBy(() -> TestDatasets.service().trainValidation(ref, loc, 1.0, 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("validation fraction");
    }

    @Test
    void viewHelpers() throws IOException {
        DataLocation loc = syntheticFolder(50, 10);
        LabeledData all = TestDatasets.service().load(DatasetRefs.fashionMnist(Normalization.UNIT), loc, Split.TRAIN);
        assertThat(all.head(5).y()).containsExactly(0, 1, 2, 3, 4);
        assertThat(all.head(500).count()).isEqualTo(50);
        assertThat(all.range(10, 12).y()).containsExactly(0, 1);
        LabeledData picked = all.subset(new int[] {3, 3, 7});
        assertThat(picked.y()).containsExactly(3, 3, 7);
        assertThat(TestDatasets.values(picked)[784]).isEqualTo(TestDatasets.values(all)[3 * 784]);
        assertThat(all.shuffled(5).y()).isEqualTo(all.shuffled(5).y()).isNotEqualTo(all.y());
        assertThat(all.shuffled(5).classCounts()).isEqualTo(all.classCounts());
        assertThat(LabeledData.permutation(10, 7)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void splitsAreOpenedOncePerInstanceAndAgainWhenTheFilesChange() throws IOException {
        DataLocation loc = syntheticFolder(20, 10);
        DefaultDatasetService data = TestDatasets.service();
        DatasetRef ref = DatasetRefs.fashionMnist(Normalization.UNIT);
        LabeledData first = data.load(ref, loc, Split.TRAIN);
        assertThat(source(data.load(ref, loc, Split.TRAIN))).isSameAs(source(first));
        assertThat(source(TestDatasets.service().load(ref, loc, Split.TRAIN))).isNotSameAs(source(first));
        // a changed labels file (new size) is noticed: the split is opened again and sees the new labels
        byte[] labels = new byte[20];
        java.util.Arrays.fill(labels, (byte) 3);
        IdxWriter.writeAtomically(dir.resolve("train-labels-idx1-ubyte.gz"), IdxWriter.gzip(IdxWriter.labelsBytes(labels)));
        java.nio.file.Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        LabeledData again = data.load(ref, loc, Split.TRAIN);
        assertThat(source(again)).isNotSameAs(source(first));
        assertThat(again.y()).containsOnly(3);
    }

    @Test
    void errorsSayWhatIsKnownAndHowToGetTheData() throws IOException {
        DefaultDatasetService data = TestDatasets.service();
        assertThatThrownBy(() -> data.load(new DatasetRef("mnist", List.of(), null), DataLocation.mini(), Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown data set 'mnist'; known data sets: fashion-mnist");
        DefaultDatasetService notInstalled = new DefaultDatasetService(
                TestDatasets.catalog(TestDatasets.fashionMnist(dir.resolve("absent"))));
        assertThatThrownBy(() -> notInstalled.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.standard(), Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("--data mini");
        assertThat(notInstalled.status("fashion-mnist", DataLocation.standard()).available()).isFalse();
        assertThatThrownBy(() -> data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.directory(dir.resolve("nope")), Split.TRAIN))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope is not a folder; --data DIR needs a folder");
        writeSplit("train", 10);
        assertThatThrownBy(() -> data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.directory(dir), Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing: t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte");
        writeSplit("t10k", 10);
        assertThatThrownBy(() -> data.load(new DatasetRef("fashion-mnist", List.of(6, 10), null), DataLocation.directory(dir), Split.TRAIN))
                .isInstanceOf(BadInputException.class).hasMessageContaining("class 10 in classes [6, 10] is outside 0..9");
        assertThatThrownBy(() -> data.load(new DatasetRef("fashion-mnist", List.of(6, 6), null), DataLocation.directory(dir), Split.TRAIN))
                .isInstanceOf(BadInputException.class).hasMessageContaining("appears twice");
    }

    @Test
    void damagedFileInAFolderNamesTheFile() throws IOException {
        syntheticFolder(20, 10);
        byte[] labels = IdxWriter.labelsBytes(new byte[19]);
        IdxWriter.writeAtomically(dir.resolve("train-labels-idx1-ubyte"), labels);
        assertThatThrownBy(() -> TestDatasets.service().load(DatasetRefs.fashionMnist(null), DataLocation.directory(dir), Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage("train-images-idx3-ubyte.gz has 20 images but train-labels-idx1-ubyte has 19 labels;"
                        + " they must be the same split");
    }

    @Test
    void fullFashionMnistLoads() {
        assumeTrue(TestDatasets.standardInstalled(),
                "Fashion-MNIST is not installed in " + TestDatasets.STANDARD_DIR + " (apt-get install dataset-fashion-mnist)");
        DefaultDatasetService data = TestDatasets.service();
        LabeledData test = data.load(DatasetRefs.fashionMnist(Normalization.MINUS_ONE_TO_ONE), DataLocation.standard(), Split.TEST);
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(test.classCounts()).containsOnly(1000);
        assertThat(min(TestDatasets.values(test))).isEqualTo(-1f);
        assertThat(max(TestDatasets.values(test))).isEqualTo(1f);
        assertThat(data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.standard(), Split.TRAIN).count())
                .isEqualTo(60_000);
        LabeledData shirts = data.load(DatasetRefs.shirtVsTshirt(Normalization.UNIT), DataLocation.standard(), Split.TRAIN);
        assertThat(shirts.classCounts()).containsExactly(6000, 6000);
        assertThat(data.status("fashion-mnist", DataLocation.standard()).trainCount()).isEqualTo(60_000);
        // the checksum of the files as stored, as earlier versions computed it: sha256("<images>\n<labels>\n")
        String images = IdxReader.sha256(readAll(TestDatasets.STANDARD_DIR.resolve("t10k-images-idx3-ubyte.gz")));
        String labels = IdxReader.sha256(readAll(TestDatasets.STANDARD_DIR.resolve("t10k-labels-idx1-ubyte.gz")));
        assertThat(test.sha256()).isEqualTo(IdxReader.sha256((images + "\n" + labels + "\n").getBytes()));
    }

    private static Object source(LabeledData data) {
        return ((StoredExamples) data.values()).source();
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

}
