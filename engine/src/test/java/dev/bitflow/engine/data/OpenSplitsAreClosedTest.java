package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetSpec;
import dev.bitflow.engine.spi.idx.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Splits opened for reading (file handles, temporary copies) are closed: when the engine closes, and, for a split
 * the service lets go of (its files changed, or more splits were opened than it keeps), once the views reading it
 * are done, never while one still reads it.
 */
class OpenSplitsAreClosedTest {
    private static final DatasetRef COUNTED = new DatasetRef("counted", List.of(), Normalization.UNIT);

    /** Sources that say whether they were closed; {@code changed} makes every open one report a change on disk. */
    static final class CountedProvider implements DatasetProvider {
        final List<CountedSource> opened = new CopyOnWriteArrayList<>();
        volatile boolean changed;

        @Override
        public String id() {
            return "counted";
        }

        @Override
        public String displayName() {
            return "Counted";
        }

        @Override
        public String description() {
            return "counts its open splits";
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b");
        }

        @Override
        public boolean isAvailable(DataLocation location) {
            return true;
        }

        @Override
        public RawImages load(Split split, DataLocation location) {
            throw new AssertionError("the engine reads through open");
        }

        @Override
        public SplitSource open(Split split, DataLocation location, SplitRequest request) {
            CountedSource s = new CountedSource(this, location + " " + split);
            opened.add(s);
            return s;
        }
    }

    static final class CountedSource extends SplitSource {
        private final CountedProvider provider;
        volatile boolean closed;

        CountedSource(CountedProvider provider, String name) {
            super(name, 1, 2, 2, new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, List.of("a", "b"),
                    List.of(new FileDigest(name, 1, 64, "0".repeat(64))));
            this.provider = provider;
        }

        @Override
        public void read(int index, byte[] dst, int offset) throws IOException {
            if (closed) {
                throw new IOException(source() + " read after it was closed");
            }
            for (int k = 0; k < 4; k++) {
                dst[offset + k] = (byte) (index + k);
            }
        }

        @Override
        public boolean changedOnDisk() {
            return provider.changed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void readAll(LabeledData data) {
        float[] x = new float[data.exampleSize()];
        for (int i = 0; i < data.count(); i++) {
            data.copyExample(i, x, 0);
            assertThat(x[1]).isEqualTo(((data.row(i) + 1) & 0xFF) / 255f);
        }
    }

    /** Collects until {@code source} is closed (a view is done when it is collected), at most 20 s. */
    private static void awaitClosed(CountedSource source) throws InterruptedException {
        for (int i = 0; i < 200 && !source.closed; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(source.closed).as(source.source() + " closed once its views are done").isTrue();
    }

    @Test
    void closingTheEngineClosesTheFilesOfEverySplitItOpened(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[20 * 4 * 4];
        byte[] labels = new byte[20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 2);
            pixels[i * 16] = (byte) i;
        }
        for (String prefix : List.of("train", "t10k")) {
            IdxWriter.writeAtomically(dir.resolve(prefix + "-images-idx3-ubyte"), IdxWriter.imagesBytes(20, 4, 4, pixels));
            IdxWriter.writeAtomically(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxWriter.labelsBytes(labels));
        }
        IdxDatasetProvider idx = new IdxDatasetProvider(new IdxDatasetSpec("tiny", "Tiny", "4x4 test images",
                List.of("even", "odd"), 4, 4, dir, null, null), getClass().getClassLoader());
        Engine engine = EngineProvider.load().create(TestDatasets.catalog(idx));
        DatasetRef ref = new DatasetRef("tiny", List.of(), Normalization.UNIT);
        DefaultDatasetService service = (DefaultDatasetService) engine.datasets();
        LabeledData train = service.load(ref, DataLocation.standard(), Split.TRAIN);
        LabeledData test = service.load(ref, DataLocation.standard(), Split.TEST);
        float[] x = new float[16];
        for (int i = 0; i < 20; i++) {
            train.copyExample(i, x, 0);
            test.copyExample(i, x, 0);
            assertThat(x[0]).isEqualTo(i / 255f);
        }
        assertThat(handlesInto(dir)).as("the two image files are open while the splits are read").isEqualTo(2);
        engine.close();
        assertThat(handlesInto(dir)).as("files still open after the engine closed").isZero();
        assertThatThrownBy(() -> service.load(ref, DataLocation.standard(), Split.TRAIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aSplitWhoseFilesChangedIsClosedOnceTheViewsStillReadingItAreDone() throws InterruptedException {
        CountedProvider provider = new CountedProvider();
        DefaultDatasetService service = new DefaultDatasetService(TestDatasets.catalog(provider), new ExampleCache(0, 8));
        LabeledData before = service.load(COUNTED, DataLocation.standard(), Split.TRAIN).shuffled(1);
        readAll(before);
        provider.changed = true;
        LabeledData after = service.load(COUNTED, DataLocation.standard(), Split.TRAIN);
        provider.changed = false;
        assertThat(provider.opened).hasSize(2);
        CountedSource old = provider.opened.get(0);
        assertThat(old.closed).as("a view still reads the old split").isFalse();
        readAll(before); // a training that started before the change finishes on what it started with
        before = null;
        awaitClosed(old);
        assertThat(provider.opened.get(1).closed).isFalse();
        readAll(after);
        service.close();
        assertThat(provider.opened.get(1).closed).isTrue();
    }

    @Test
    void atMostEightSplitsAreKeptOpenAndTheOthersCloseWhenTheirViewsAreDone() throws InterruptedException {
        CountedProvider provider = new CountedProvider();
        DefaultDatasetService service = new DefaultDatasetService(TestDatasets.catalog(provider), new ExampleCache(0, 8));
        LabeledData first = service.load(COUNTED, DataLocation.directory(Path.of("/nonexistent/0")), Split.TRAIN);
        for (int i = 1; i <= DefaultDatasetService.MAX_KEPT_OPEN + 2; i++) {
            readAll(service.load(COUNTED, DataLocation.directory(Path.of("/nonexistent/" + i)), Split.TRAIN));
        }
        assertThat(service.keptOpen()).hasSize(DefaultDatasetService.MAX_KEPT_OPEN);
        assertThat(provider.opened.get(0).closed).as("let go, but a view still reads it").isFalse();
        readAll(first);
        first = null;
        for (int i = 0; i < 3; i++) { // 11 opened, 8 kept
            awaitClosed(provider.opened.get(i));
        }
        assertThat(provider.opened.subList(3, provider.opened.size())).as("kept for reuse")
                .noneMatch(s -> s.closed);
        // a kept split is reused, not opened again
        readAll(service.load(COUNTED, DataLocation.directory(Path.of("/nonexistent/5")), Split.TRAIN));
        assertThat(provider.opened).hasSize(DefaultDatasetService.MAX_KEPT_OPEN + 3);
        service.close();
        assertThat(provider.opened).allSatisfy(s -> assertThat(s.closed).isTrue());
    }

    /** How many of this process's file descriptors point into {@code dir} (Linux). */
    private static long handlesInto(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        Path real = dir.toRealPath();
        try (Stream<Path> all = Files.list(fds)) {
            return all.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
