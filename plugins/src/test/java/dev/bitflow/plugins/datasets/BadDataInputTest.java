package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import dev.bitflow.engine.spi.idx.IdxWriter;
import dev.bitflow.plugins.datasets.images.ImageFolderDatasetProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input in every built-in format ends in one clear error naming the file (and line). */
class BadDataInputTest {
    @TempDir
    Path dir;

    private static SplitRequest request(int c, int h, int w, Resize resize, Map<String, String> options,
                                        TaskMonitor monitor) {
        return new SplitRequest(Shape.spatial(c, h, w), resize, options, monitor);
    }

    private static SplitSource open(DatasetProvider p, Path root, Split split, Resize resize) throws IOException {
        return p.open(split, DataLocation.directory(p.id(), root), request(1, 16, 16, resize, Map.of(), TaskMonitor.NONE));
    }

    private Path folder() {
        return MiniatureDataSets.imageFolder(dir.resolve("f"), List.of("cat", "dog"), 3, 1, 16, 16, true, 1);
    }

    private static final ImageFolderDatasetProvider IMAGES = new ImageFolderDatasetProvider();

    @Test
    void imageFoldersNameTheBadPath() throws IOException {
        Path root = folder();
        // mixed sizes are resized by default; with resize none the first image of another size is named
        assertThat(open(IMAGES, root, Split.TRAIN, Resize.BILINEAR).count()).isEqualTo(6);
        assertThatThrownBy(() -> open(IMAGES, root, Split.TRAIN, Resize.NONE)).isInstanceOf(BadInputException.class)
                .hasMessage("train/cat/00002.png: 20x18 pixels but the network's input is 16x16 (dataset.resize is"
                        + " \"none\"; set \"nearest\" or \"bilinear\" to resize)");
        // hidden files are ignored; any other non-image file is an error
        MiniatureDataSets.text(root.resolve("train/cat/.DS_Store"), "x");
        assertThat(new ImageFolderDatasetProvider().open(Split.TRAIN, DataLocation.directory(root),
                request(1, 16, 16, Resize.BILINEAR, Map.of(), TaskMonitor.NONE)).count()).isEqualTo(6);
        MiniatureDataSets.text(root.resolve("train/cat/notes.txt"), "x");
        assertBad(root, "train/cat/notes.txt: not an image file (expected bmp, gif, jpeg, jpg, png)");
        Files.delete(root.resolve("train/cat/notes.txt"));
        // a file named .png that is not an image
        MiniatureDataSets.text(root.resolve("train/dog/99999.png"), "not really a picture");
        assertBad(root, "train/dog/99999.png: not an image (no PNG, JPEG, BMP or GIF header)");
        Files.delete(root.resolve("train/dog/99999.png"));
        // an empty class folder
        Files.createDirectories(root.resolve("train/eel"));
        assertBad(root, "train/eel: no images in this class folder");
        Files.delete(root.resolve("train/eel"));
        // a test class without training images
        Files.createDirectories(root.resolve("test/fox"));
        MiniatureDataSets.write(root.resolve("test/fox/1.png"), Files.readAllBytes(root.resolve("test/cat/00006.png")));
        assertBad(root, "test/fox: class 'fox' has test images but no training folder train/fox");
    }

    @Test
    void layoutMistakesAreExplained() throws IOException {
        Path one = MiniatureDataSets.imageFolder(dir.resolve("one"), List.of("only"), 3, 1, 16, 16, false, 1);
        assertBad(one, one + ": only one class folder (only); a classifier needs at least 2");
        Path stray = MiniatureDataSets.imageFolder(dir.resolve("stray"), List.of("a", "b"), 3, 1, 16, 16, false, 1);
        MiniatureDataSets.write(stray.resolve("loose.png"), Files.readAllBytes(stray.resolve("a/00000.png")));
        assertBad(stray, "loose.png: an image outside the class folders; put every image in the folder of its class");
        Path half = dir.resolve("half");
        Files.createDirectories(half.resolve("train/a"));
        assertBad(half, half + ": has train/ but no test/; give both, or one folder per class (split by the option"
                + " testFraction)");
        Path nested = MiniatureDataSets.imageFolder(dir.resolve("nested"), List.of("a", "b"), 3, 1, 16, 16, false, 1);
        Files.createDirectories(nested.resolve("a/more"));
        assertBad(nested, "a/more: a folder inside the class folder a; put the images directly in it");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertBad(empty, empty + ": no class folders; put the images in one folder per class (" + empty
                + "/<class>/*.png)");
    }

    private void assertBad(Path root, String message) {
        assertThatThrownBy(() -> new ImageFolderDatasetProvider().open(Split.TRAIN, DataLocation.directory(root),
                request(1, 16, 16, Resize.BILINEAR, Map.of(), TaskMonitor.NONE)))
                .isInstanceOf(BadInputException.class).hasMessage(message);
    }

    @Test
    void aTruncatedImageIsNamedWhenItIsDecoded() throws IOException {
        Path root = folder();
        Path victim = root.resolve("train/dog/00001.png");
        byte[] png = Files.readAllBytes(victim);
        MiniatureDataSets.write(victim, Arrays.copyOf(png, png.length - 30));
        SplitSource s = open(IMAGES, root, Split.TRAIN, Resize.BILINEAR);
        int index = -1;
        for (int i = 0; i < s.count(); i++) {
            if (((dev.bitflow.plugins.datasets.images.ImageFilesSource) s).file(i).equals(victim)) {
                index = i;
            }
        }
        int bad = index;
        assertThatThrownBy(() -> s.read(bad)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("train/dog/00001.png: damaged or truncated image");
    }

    @Test
    void aScanOfAHundredThousandFilesReportsProgressAndCanBeCancelled() throws IOException {
        Path root = dir.resolve("big");
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        for (int i = 0; i < 100_000; i++) {
            Files.createFile((i % 2 == 0 ? a : b).resolve(i + ".png"));
        }
        List<String> messages = new ArrayList<>();
        AtomicInteger reports = new AtomicInteger();
        TaskMonitor cancelAfterThreeReports = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
                messages.add(message);
                reports.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return reports.get() >= 3;
            }
        };
        assertThatThrownBy(() -> new ImageFolderDatasetProvider().open(Split.TRAIN, DataLocation.directory(root),
                request(1, 16, 16, Resize.BILINEAR, Map.of(), cancelAfterThreeReports)))
                .isInstanceOf(CancelledException.class);
        assertThat(messages).first().asString().startsWith("listing " + root + ": 1,000 images");
        assertThat(reports).hasValueLessThan(5);
    }

    @Test
    void handsCsvErrorsNameTheLine() throws IOException {
        Path root = MiniatureDataSets.hands(dir.resolve("hands"), 4, 2, 16, 12, 1);
        HandsDatasetProvider hands = new HandsDatasetProvider();
        Path csv = root.resolve("HandInfo.csv");
        String good = Files.readString(csv);
        Files.delete(root.resolve("Hands/Hand_0000003.jpg"));
        assertHands(hands, root, "HandInfo.csv line 5: names Hands/Hand_0000003.jpg, which does not exist");
        MiniatureDataSets.write(root.resolve("Hands/Hand_0000003.jpg"), Files.readAllBytes(root.resolve("Hands/Hand_0000002.jpg")));
        MiniatureDataSets.text(csv, good.replace("0000000,20,female", "0000000,20,unknown"));
        assertHands(hands, root, "HandInfo.csv line 2: gender 'unknown' is not male or female");
        MiniatureDataSets.text(csv, good.replace("dorsal left,Hand_0000001", "sideways,Hand_0000001"));
        assertHands(hands, root, "HandInfo.csv line 3: aspectOfHand 'sideways' is not '<dorsal|palmar> <left|right>'");
        MiniatureDataSets.text(csv, good.replace(",Hand_0000001.jpg,0", ",Hand_0000001.jpg"));
        assertHands(hands, root, "HandInfo.csv line 3: 8 fields, the header has 9");
        MiniatureDataSets.text(csv, good.replace("imageName", "image"));
        assertHands(hands, root, "HandInfo.csv line 1: no column 'imageName' (columns: id, age, gender, skinColor,"
                + " accessories, nailPolish, aspectOfHand, image, irregularities)");
        MiniatureDataSets.text(csv, good.replace("Hand_0000001.jpg", "Hand_0000000.jpg"));
        assertHands(hands, root, "HandInfo.csv line 3: image Hand_0000000.jpg is named twice");
        MiniatureDataSets.text(csv, good);
        assertThatThrownBy(() -> hands.open(Split.TRAIN, DataLocation.directory(root),
                request(3, 12, 16, Resize.BILINEAR, Map.of("aspect", "sideways"), TaskMonitor.NONE)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("hands: option aspect must be one of dorsal, palmar, any, was 'sideways'");
    }

    private static void assertHands(HandsDatasetProvider hands, Path root, String message) {
        assertThatThrownBy(() -> hands.open(Split.TRAIN, DataLocation.directory(root),
                request(3, 12, 16, Resize.BILINEAR, Map.of(), TaskMonitor.NONE)))
                .isInstanceOf(BadInputException.class).hasMessage(message);
    }

    @Test
    void idxLabelsOutOfRangeAndBadClassListsAreNamed() throws IOException {
        Path root = MiniatureDataSets.idx(dir.resolve("idx"), List.of("a", "b"), 3, 9, 3, 8, 8, 1);
        IdxFolderDatasetProvider idx = new IdxFolderDatasetProvider();
        assertThatThrownBy(() -> idx.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("train-labels-idx1-ubyte.gz: label 2 at index 2 is outside 0..1 (2 classes in classes.txt)");
        MiniatureDataSets.text(root.resolve("classes.txt"), "a\n\nb\nc\n");
        assertThatThrownBy(() -> idx.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(root.resolve("classes.txt") + ": line 2 is empty; one class name per line");
        MiniatureDataSets.text(root.resolve("classes.txt"), "a\nb\na\n");
        assertThatThrownBy(() -> idx.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("line 3: class name 'a' appears twice");
        Files.delete(root.resolve("classes.txt"));
        SplitSource numbered = idx.open(Split.TEST, DataLocation.directory(root), SplitRequest.plain());
        assertThat(numbered.classNames()).containsExactly("0", "1", "2");
        assertThat(List.of(numbered.height(), numbered.width())).containsExactly(8, 8);
        // one class only
        Path single = MiniatureDataSets.idx(dir.resolve("single"), null, 1, 4, 2, 8, 8, 1);
        assertThatThrownBy(() -> idx.open(Split.TRAIN, DataLocation.directory(single), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("train-labels-idx1-ubyte.gz: every label is 0: a classifier needs at least 2 classes");
    }

    @Test
    void cifarDamageIsNamed() throws IOException {
        Path root = MiniatureDataSets.cifar(dir.resolve("c"), List.of("x", "y"), 2, 4, 2, 1);
        CifarDatasetProvider cifar = new CifarDatasetProvider();
        assertThat(cifar.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()).count()).isEqualTo(8);
        byte[] batch = Files.readAllBytes(root.resolve("data_batch_2.bin"));
        MiniatureDataSets.write(root.resolve("data_batch_2.bin"), Arrays.copyOf(batch, batch.length - 100));
        assertThatThrownBy(() -> cifar.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data_batch_2.bin: 12192 bytes is not a whole number of 3073-byte records (1 label +"
                        + " 3072 pixels); the file is truncated or not CIFAR-10");
        batch[3073] = 7;
        MiniatureDataSets.write(root.resolve("data_batch_2.bin"), batch);
        assertThatThrownBy(() -> cifar.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("data_batch_2.bin: label 7 of record 1 is outside 0..1 (2 classes in batches.meta.txt)");
        Files.move(root.resolve("data_batch_2.bin"), root.resolve("data_batch_3.bin"));
        assertThatThrownBy(() -> cifar.open(Split.TRAIN, DataLocation.directory(root), SplitRequest.plain()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("data_batch_2.bin is missing; the training batches are numbered from 1 without gaps");
    }

    @Test
    void eachFormatIsRecognisedAndFashionMnistByItsLabels() throws IOException {
        Path images = folder();
        Path idx = MiniatureDataSets.idx(dir.resolve("idx"), null, 3, 9, 3, 8, 8, 1);
        Path cifar = MiniatureDataSets.cifar(dir.resolve("cifar"), null, 1, 4, 2, 1);
        Path hands = MiniatureDataSets.hands(dir.resolve("hands"), 2, 2, 16, 12, 1);
        FashionMnistDatasetProvider fashion = new FashionMnistDatasetProvider();
        List<DatasetProvider> all = List.of(fashion, new IdxFolderDatasetProvider(), IMAGES, new CifarDatasetProvider(),
                new HandsDatasetProvider());
        assertThat(levels(all, images)).containsExactly(Recognition.NONE, Recognition.NONE, Recognition.LAYOUT,
                Recognition.NONE, Recognition.NONE);
        assertThat(levels(all, idx)).containsExactly(Recognition.NONE, Recognition.FORMAT, Recognition.NONE,
                Recognition.NONE, Recognition.NONE);
        assertThat(levels(all, cifar)).containsExactly(Recognition.NONE, Recognition.NONE, Recognition.NONE,
                Recognition.FORMAT, Recognition.NONE);
        assertThat(levels(all, hands)).containsExactly(Recognition.NONE, Recognition.NONE, Recognition.NONE,
                Recognition.NONE, Recognition.FORMAT);
        // the mini set's files in a folder: Fashion-MNIST exactly (and any IDX set by format)
        Path mini = Files.createDirectories(dir.resolve("mini"));
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("dev/bitflow/samples/mini/" + f)) {
                MiniatureDataSets.write(mini.resolve(f), in.readAllBytes());
            }
        }
        assertThat(levels(all, mini).subList(0, 2)).containsExactly(Recognition.EXACT, Recognition.FORMAT);
        // labels changed by one byte: no longer Fashion-MNIST
        byte[] labels = IdxWriter.labelsBytes(new byte[] {0, 1, 2});
        MiniatureDataSets.write(mini.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.gzip(labels));
        assertThat(fashion.recognize(mini)).isEqualTo(Recognition.NONE);
    }

    private static List<Recognition> levels(List<DatasetProvider> providers, Path folder) {
        return providers.stream().map(p -> p.recognize(folder)).toList();
    }
}
