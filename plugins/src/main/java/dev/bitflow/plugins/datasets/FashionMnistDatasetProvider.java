package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The built-in data-set plugin: Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, 2017; MIT
 * licence): 28x28 grey-scale images of clothing in 10 classes, 60,000 for training and 10,000 for testing.
 *
 * <p>Locations: {@code standard} is {@value #STANDARD_DIR} (Debian package {@code dataset-fashion-mnist});
 * {@code --data DIR} a folder with the four IDX files (gzipped or raw) of the published or the mini set
 * (recognised by {@link #LABEL_DIGESTS}; {@code --data fashion-mnist:DIR} for any other subset); {@code mini} the
 * embedded subset
 * (6,000 training and 1,000 test images, balanced) shipped by the sample-models module under
 * {@value #MINI_RESOURCES}.
 */
public class FashionMnistDatasetProvider extends IdxDatasetProvider {
    public static final String ID = "fashion-mnist";
    public static final String STANDARD_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String MINI_RESOURCES = "dev/bitflow/samples/mini/";
    /**
     * SHA-256 of the decompressed training then test label files of the published set and of the embedded mini
     * set: a folder whose labels have one of them is recognised as Fashion-MNIST (any other folder of IDX files is
     * read by the {@code idx} plugin, with its own class names).
     */
    public static final Set<String> LABEL_DIGESTS = Set.of(
            "3c21fee794d4e929e970f998d4bd834b9bcc1484fcff27a63c189edbc12937f4",
            "dc303f5d5056a9db09c5993292e353dc236c5db32a0d7e20e973aba97711977e");
    /** Class names in label order, as published by Zalando Research. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The plugin as {@link java.util.ServiceLoader} creates it: standard folder {@value #STANDARD_DIR}. */
    public FashionMnistDatasetProvider() {
        this(Path.of(STANDARD_DIR));
    }

    /** With another standard folder (tests, or a packager that installs the files elsewhere). */
    public FashionMnistDatasetProvider(Path standardDir) {
        super(spec(standardDir), FashionMnistDatasetProvider.class.getClassLoader());
    }

    private static IdxDatasetSpec spec(Path standardDir) {
        return new IdxDatasetSpec(ID, "Fashion-MNIST",
                "Zalando's 28x28 grey clothing images, 10 classes, 60k train / 10k test (MIT licence)",
                CLASS_NAMES, 28, 28, standardDir, "apt-get install dataset-fashion-mnist", MINI_RESOURCES,
                LABEL_DIGESTS);
    }
}
