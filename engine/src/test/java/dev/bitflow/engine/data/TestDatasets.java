package dev.bitflow.engine.data;

import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Data for engine tests, which cannot see the plugins module: a Fashion-MNIST provider built from the same
 * {@link IdxDatasetProvider} the built-in plugin extends, serving the embedded mini set (from the
 * sample-models test dependency) and the standard folder when it is installed.
 *
 * <p>Typical use: {@code DefaultDatasetService data = TestDatasets.service();
 * LabeledData train = data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.mini(), Split.TRAIN);}
 */
public final class TestDatasets {
    public static final Path STANDARD_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private TestDatasets() {
    }

    /** Fashion-MNIST as the engine tests see it (standard folder {@link #STANDARD_DIR}). */
    public static IdxDatasetProvider fashionMnist() {
        return fashionMnist(STANDARD_DIR);
    }

    /** Fashion-MNIST with another standard folder. */
    public static IdxDatasetProvider fashionMnist(Path standardDir) {
        return new IdxDatasetProvider(new IdxDatasetSpec("fashion-mnist", "Fashion-MNIST", "test copy",
                FASHION_CLASSES, 28, 28, standardDir, "apt-get install dataset-fashion-mnist",
                "dev/bitflow/samples/mini/"), TestDatasets.class.getClassLoader());
    }

    /** A catalog holding just {@code providers}. */
    public static PluginCatalog catalog(DatasetProvider... providers) {
        List<DatasetProvider> list = List.of(providers);
        return new PluginCatalog() {
            @Override
            public List<PluginInfo> plugins() {
                return list.stream().map(p -> new PluginInfo(p.id(), "dataset", p.displayName(), p.description(),
                        "test", true)).toList();
            }

            @Override
            public List<PluginProblem> problems() {
                return List.of();
            }

            @Override
            public <T> List<T> services(Class<T> spiType) {
                return spiType == DatasetProvider.class ? list.stream().map(spiType::cast).toList() : List.of();
            }
        };
    }

    /** A fresh data service over {@link #fashionMnist()}. */
    public static DefaultDatasetService service() {
        return new DefaultDatasetService(catalog(fashionMnist()));
    }

    /** Every value of {@code data} in one array, example after example (reads the whole view: small data only). */
    public static float[] values(LabeledData data) {
        int size = data.exampleSize();
        float[] all = new float[Math.multiplyExact(data.count(), size)];
        for (int i = 0; i < data.count(); i++) {
            data.copyExample(i, all, i * size);
        }
        return all;
    }

    /** Whether the full Fashion-MNIST is installed in {@link #STANDARD_DIR}. */
    public static boolean standardInstalled() {
        return Files.isRegularFile(STANDARD_DIR.resolve("train-images-idx3-ubyte.gz"));
    }
}
