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
        assertThat(view.x()[0]).isEqualTo(0f);                     // example 0, pixel 0: value 0
        assertThat(view.x()[784]).isEqualTo(6 / 255f);            // example 6, pixel 0: value 6
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
        assertThat(min(unit.x())).isEqualTo(0f);
        assertThat(max(unit.x())).isEqualTo(1f);
        assertThat(min(sym.x())).isEqualTo(-1f);
        assertThat(max(sym.x())).isEqualTo(1f);
        for (int i = 0; i < unit.x().length; i += 97) {
            assertThat(sym.x()[i]).isCloseTo(unit.x()[i] * 2 - 1, org.assertj.core.data.Offset.offset(1e-6f));
        }
        // null normalisation means UNIT
        LabeledData dflt = data.load(new DatasetRef("fashion-mnist", List.of(), null), loc, Split.TRAIN);
        assertThat(dflt.x()).isEqualTo(unit.x());
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
        assertThat(a.train().x()).isEqualTo(b.train().x());
        assertThat(a.validation().y()).isEqualTo(b.validation().y());
        assertThat(a.train().x()).isNotEqualTo(c.train().x());
        // disjoint and complete: every example's first pixel (= its index mod 256) appears once overall
        java.util.Set<Float> firstPixels = new java.util.HashSet<>();
        for (LabeledData part : List.of(a.train(), a.validation())) {
            for (int i = 0; i < part.count(); i++) {
                // example i's pixel 0 = i & 0xFF, pixel 1 = (i+1) & 0xFF: the pair identifies i < 256
                firstPixels.add(part.x()[i * 784] * 1000 + part.x()[i * 784 + 1]);
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
        assertThat(picked.x()[784]).isEqualTo(all.x()[3 * 784]);
        assertThat(all.shuffled(5).y()).isEqualTo(all.shuffled(5).y()).isNotEqualTo(all.y());
        assertThat(all.shuffled(5).classCounts()).isEqualTo(all.classCounts());
        assertThat(LabeledData.permutation(10, 7)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void rawDataIsCachedPerInstance() throws IOException {
        DataLocation loc = syntheticFolder(20, 10);
        DefaultDatasetService data = TestDatasets.service();
        assertThat(data.raw("fashion-mnist", loc, Split.TRAIN)).isSameAs(data.raw("fashion-mnist", loc, Split.TRAIN));
        assertThat(TestDatasets.service().raw("fashion-mnist", loc, Split.TRAIN))
                .isNotSameAs(data.raw("fashion-mnist", loc, Split.TRAIN));
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
        assertThat(min(test.x())).isEqualTo(-1f);
        assertThat(max(test.x())).isEqualTo(1f);
        assertThat(data.raw("fashion-mnist", DataLocation.standard(), Split.TRAIN).count()).isEqualTo(60_000);
        LabeledData shirts = data.load(DatasetRefs.shirtVsTshirt(Normalization.UNIT), DataLocation.standard(), Split.TRAIN);
        assertThat(shirts.classCounts()).containsExactly(6000, 6000);
        assertThat(data.status("fashion-mnist", DataLocation.standard()).trainCount()).isEqualTo(60_000);
        assertThat(test.sha256()).isEqualTo(data.raw("fashion-mnist", DataLocation.standard(), Split.TEST).sha256()).hasSize(64);
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
