package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link DatasetProvider} for any data set published as four MNIST-style IDX files, described by an
 * {@link IdxDatasetSpec}. A data-set plugin can extend it with a no-argument constructor that passes its
 * spec (see {@code dev.bitflow.plugins.datasets.FashionMnistDatasetProvider}).
 *
 * <p>Locations: {@code STANDARD} is {@link IdxDatasetSpec#standardDir()}; {@code DIRECTORY} any folder with
 * the four files, gzipped ({@code name.gz}) or raw ({@code name}, also {@code train-images.idx3-ubyte}
 * spelling); {@code EMBEDDED_MINI} the same names under {@link IdxDatasetSpec#miniResourceFolder()} on the
 * classpath of {@code resourceLoader}. Every file is validated by {@link IdxReader}; images must also have
 * the spec's size.
 */
public class IdxDatasetProvider implements DatasetProvider {
    private final IdxDatasetSpec spec;
    private final ClassLoader resourceLoader;

    /**
     * @param spec           what to serve
     * @param resourceLoader where the embedded mini set's resources are looked up
     */
    public IdxDatasetProvider(IdxDatasetSpec spec, ClassLoader resourceLoader) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.resourceLoader = Objects.requireNonNull(resourceLoader, "resourceLoader");
    }

    public IdxDatasetSpec spec() {
        return spec;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String displayName() {
        return spec.displayName();
    }

    @Override
    public String description() {
        return spec.description();
    }

    @Override
    public List<String> classNames() {
        return spec.classNames();
    }

    /** The base file names (without {@code .gz}) of a split: images then labels. */
    public static List<String> fileNames(Split split) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        return List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
    }

    @Override
    public boolean isAvailable(DataLocation location) {
        for (Split split : Split.values()) {
            for (String base : fileNames(split)) {
                if (!exists(location, base)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public RawImages load(Split split, DataLocation location) throws IOException {
        List<String> names = fileNames(split);
        IdxReader.Images images;
        IdxReader.Labels labels;
        if (location.kind() == DataLocation.Kind.EMBEDDED_MINI) {
            images = IdxReader.parseImages(names.get(0) + ".gz (embedded mini)", resourceBytes(names.get(0)));
            labels = IdxReader.parseLabels(names.get(1) + ".gz (embedded mini)", resourceBytes(names.get(1)));
        } else {
            Path dir = folder(location);
            images = IdxReader.readImages(file(dir, names.get(0), location));
            labels = IdxReader.readLabels(file(dir, names.get(1), location));
        }
        if (images.rows() != spec.rows() || images.cols() != spec.cols()) {
            throw new BadInputException(images.source() + ": images are " + images.rows() + "x" + images.cols()
                    + " but " + spec.displayName() + " images are " + spec.rows() + "x" + spec.cols());
        }
        return IdxReader.combine(images, labels, spec.classNames().size());
    }

    @Override
    public int count(Split split, DataLocation location) throws IOException {
        String base = fileNames(split).get(1);
        if (location.kind() == DataLocation.Kind.EMBEDDED_MINI) {
            return IdxReader.parseLabels(base, resourceBytes(base)).count();
        }
        return IdxReader.peekCount(file(folder(location), base, location));
    }

    @Override
    public String locationHelp(DataLocation location) {
        String files = String.join(", ", fileNames(Split.TRAIN)) + ", " + String.join(", ", fileNames(Split.TEST))
                + " (each raw or .gz)";
        return switch (location.kind()) {
            case STANDARD -> spec.standardDir() == null
                    ? spec.displayName() + " has no standard location; pass --data DIR with the files " + files + "."
                    : spec.displayName() + " is not installed in " + spec.standardDir() + ": "
                    + (spec.installHint() == null ? "put the files " + files + " there" : spec.installHint())
                    + ", or pass --data DIR (a folder with " + files + ")"
                    + (spec.miniResourceFolder() == null ? "." : ", or --data mini for the embedded mini set.");
            case DIRECTORY -> !Files.isDirectory(location.directory())
                    ? location.directory() + " is not a folder; --data DIR needs a folder with the "
                    + spec.displayName() + " files " + files + "."
                    : location.directory() + " does not hold the " + spec.displayName() + " files "
                    + files + "; missing: " + String.join(", ", missing(location)) + ".";
            case EMBEDDED_MINI -> spec.miniResourceFolder() == null
                    ? spec.displayName() + " ships no embedded mini set; pass --data DIR or install it."
                    : "the embedded mini set of " + spec.displayName() + " is not on the classpath (looked in "
                    + spec.miniResourceFolder() + "; is the sample-models jar missing?)";
        };
    }

    private List<String> missing(DataLocation location) {
        List<String> missing = new ArrayList<>();
        for (Split split : Split.values()) {
            for (String base : fileNames(split)) {
                if (!exists(location, base)) {
                    missing.add(base);
                }
            }
        }
        return missing;
    }

    private boolean exists(DataLocation location, String base) {
        if (location.kind() == DataLocation.Kind.EMBEDDED_MINI) {
            return spec.miniResourceFolder() != null
                    && resourceLoader.getResource(spec.miniResourceFolder() + base + ".gz") != null;
        }
        Path dir = location.kind() == DataLocation.Kind.STANDARD ? spec.standardDir() : location.directory();
        return dir != null && findFile(dir, base) != null;
    }

    private Path folder(DataLocation location) {
        Path dir = location.kind() == DataLocation.Kind.STANDARD ? spec.standardDir() : location.directory();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(locationHelp(location));
        }
        return dir;
    }

    private Path file(Path dir, String base, DataLocation location) {
        Path file = findFile(dir, base);
        if (file == null) {
            throw new BadInputException(dir + ": no " + base + " or " + base + ".gz; " + locationHelp(location));
        }
        return file;
    }

    /** The file for {@code base} in {@code dir}: gzipped first, then raw, then the dotted raw spelling. */
    private static Path findFile(Path dir, String base) {
        String dotted = base.replace("-idx", ".idx");
        for (String name : List.of(base + ".gz", base, dotted, dotted + ".gz")) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private byte[] resourceBytes(String base) throws IOException {
        String resource = spec.miniResourceFolder() == null ? null : spec.miniResourceFolder() + base + ".gz";
        try (InputStream in = resource == null ? null : resourceLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException(locationHelp(DataLocation.mini()));
            }
            return in.readAllBytes();
        }
    }
}
