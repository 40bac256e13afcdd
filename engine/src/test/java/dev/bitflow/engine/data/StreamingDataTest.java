package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A split far larger than memory (2 million colour images, 6 GB of pixels, made up on the fly) is read through
 * the bounded cache: memory stays at the budget, the values are right, and walking the data in order is served
 * by the read-ahead thread.
 */
class StreamingDataTest {
    private static final int COUNT = 2_000_000;
    private static final int BYTES = 3 * 32 * 32;

    /** Example i, byte k: (i * 31 + k) mod 256. */
    static final class HugeProvider implements DatasetProvider {
        final AtomicLong reads = new AtomicLong();
        final java.util.Set<String> readerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String id() {
            return "huge";
        }

        @Override
        public String displayName() {
            return "Huge";
        }

        @Override
        public String description() {
            return "made up on the fly";
        }

        @Override
        public List<String> classNames() {
            return List.of("even", "odd");
        }

        @Override
        public boolean isAvailable(DataLocation location) {
            return true;
        }

        @Override
        public RawImages load(Split split, DataLocation location) {
            throw new AssertionError("the engine must not load a whole split");
        }

        @Override
        public SplitSource open(Split split, DataLocation location, SplitRequest request) {
            int[] labels = new int[COUNT];
            for (int i = 0; i < COUNT; i++) {
                labels[i] = i & 1;
            }
            return new SplitSource("huge " + split, 3, 32, 32, labels, classNames(),
                    List.of(new FileDigest("none", 0, 0, "0".repeat(64)))) {
                @Override
                public void read(int index, byte[] dst, int offset) {
                    reads.incrementAndGet();
                    readerThreads.add(Thread.currentThread().getName());
                    for (int k = 0; k < BYTES; k++) {
                        dst[offset + k] = (byte) (index * 31 + k);
                    }
                }
            };
        }
    }

    @Test
    void memoryStaysAtTheBudgetAndReadAheadServesAWalkInOrder() {
        HugeProvider huge = new HugeProvider();
        long budget = 4L << 20;
        DefaultDatasetService service = new DefaultDatasetService(TestDatasets.catalog(huge), new ExampleCache(budget, 256));
        LabeledData data = service.load(new DatasetRef("huge", List.of(), Normalization.UNIT), DataLocation.standard(),
                Split.TRAIN);
        assertThat(data.count()).isEqualTo(COUNT);
        float[] x = new float[BYTES];
        int walked = 20_000;
        for (int i = 0; i < walked; i++) {
            data.copyExample(i, x, 0);
            assertThat(x[5]).isEqualTo(((i * 31 + 5) & 0xFF) / 255f);
            assertThat(data.label(i)).isEqualTo(i & 1);
            assertThat(service.cache().bytes()).isLessThanOrEqualTo(budget);
        }
        assertThat(huge.readerThreads).contains("bitflow-data-read-ahead");
        long[] hitsAndMisses = service.cache().hitsAndMisses();
        assertThat(hitsAndMisses[0]).as("examples already read ahead when asked for").isGreaterThan(walked / 2);
        // a shuffled view: a second walk reads again (nothing holds the split), still within the budget
        LabeledData shuffled = data.shuffled(3).head(5000);
        for (int i = 0; i < shuffled.count(); i++) {
            shuffled.copyExample(i, x, 0);
        }
        assertThat(service.cache().bytes()).isLessThanOrEqualTo(budget);
        assertThat(huge.reads.get()).isLessThan(walked + 5000 + 2 * 256 + 100);
    }
}
