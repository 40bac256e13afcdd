package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.spi.Permutation;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxWriter;
import dev.bitflow.engine.api.data.DataLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the embedded mini set ({@code sample-models/mini/}) from the full Fashion-MNIST, reproducibly:
 * for each split, a Fisher-Yates permutation of the example indices driven by {@link Random} with a fixed
 * seed (the Java specification fixes {@code Random}'s sequence), then, walking that permutation, the first
 * {@code perClass} examples of each class; the chosen examples are written in their original order as gzipped
 * IDX files with the published names.
 *
 * <p>Run (see docs/data.md):
 * <pre>
 * mvn -B -o -q -pl plugins exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bitflow.plugins.datasets.MiniSetGenerator \
 *     -Dexec.args="/usr/share/datasets/fashion-mnist sample-models/mini"
 * </pre>
 */
public final class MiniSetGenerator {
    /** Seed of the training-split selection; the test split uses {@code SEED + 1}. */
    public static final long SEED = 20261126L;
    public static final int TRAIN_PER_CLASS = 600;
    public static final int TEST_PER_CLASS = 100;

    private MiniSetGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MiniSetGenerator FASHION_MNIST_DIR OUT_DIR");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        generate(source, out);
        System.out.println("wrote the mini set to " + out.toAbsolutePath());
    }

    /** Writes the four mini files into {@code out} from the full set in {@code source}. */
    public static void generate(Path source, Path out) throws IOException {
        IdxDatasetProvider full = new FashionMnistDatasetProvider(source);
        DataLocation location = DataLocation.directory(source);
        write(full.load(Split.TRAIN, location), TRAIN_PER_CLASS, SEED, out, Split.TRAIN);
        write(full.load(Split.TEST, location), TEST_PER_CLASS, SEED + 1, out, Split.TEST);
    }

    /** The indices chosen from {@code labels}: {@code perClass} of each of {@code classes}, ascending. */
    static int[] select(int[] labels, int classes, int perClass, long seed) {
        int n = labels.length;
        int[] order = Permutation.of(n, seed);
        int[] taken = new int[classes];
        int[] chosen = new int[classes * perClass];
        int k = 0;
        for (int i = 0; i < n && k < chosen.length; i++) {
            int label = labels[order[i]];
            if (taken[label] < perClass) {
                taken[label]++;
                chosen[k++] = order[i];
            }
        }
        if (k != chosen.length) {
            throw new IllegalStateException("the source has fewer than " + perClass + " examples of some class");
        }
        Arrays.sort(chosen);
        return chosen;
    }

    private static void write(RawImages raw, int perClass, long seed, Path out, Split split) throws IOException {
        int[] chosen = select(raw.labels(), FashionMnistDatasetProvider.CLASS_NAMES.size(), perClass, seed);
        int size = raw.height() * raw.width();
        byte[] pixels = new byte[chosen.length * size];
        byte[] labels = new byte[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(raw.pixels(), chosen[i] * size, pixels, i * size, size);
            labels[i] = (byte) raw.labels()[chosen[i]];
        }
        List<String> names = IdxDatasetProvider.fileNames(split);
        IdxWriter.writeAtomically(out.resolve(names.get(0) + ".gz"),
                IdxWriter.gzip(IdxWriter.imagesBytes(chosen.length, raw.height(), raw.width(), pixels)));
        IdxWriter.writeAtomically(out.resolve(names.get(1) + ".gz"), IdxWriter.gzip(IdxWriter.labelsBytes(labels)));
    }
}
