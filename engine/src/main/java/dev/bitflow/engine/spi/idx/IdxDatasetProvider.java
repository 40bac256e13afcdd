package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link DatasetProvider} for any data set published as four MNIST-style IDX files, described by an
 * {@link IdxDatasetSpec}. A data-set plugin can extend it with a no-argument constructor that passes its
 * spec (see {@code dev.bitflow.plugins.datasets.FashionMnistDatasetProvider}).
 *
 * <p>Locations: {@code STANDARD} is {@link IdxDatasetSpec#standardDir()}; {@code DIRECTORY} any folder with
 * the four files, gzipped ({@code name.gz}) or raw ({@code name}, also {@code train-images.idx3-ubyte}
 * spelling); {@code EMBEDDED_MINI} the same names under {@link IdxDatasetSpec#miniResourceFolder()} on the
 * classpath of {@code resourceLoader}. Every file is validated by {@link IdxReader}; images must also have
 * the spec's size, when it fixes one.
 *
 * <p>Reading: {@link #open} validates the images file in one streaming pass and then reads one image at a
 * time from disk (a gzipped file is decompressed once into a temporary file); only the labels are held.
 *
 * <p>Class names: the spec's, or, when it has none, the lines of {@value #CLASSES_FILE} in the folder (one
 * name per line), or else the label numbers {@code 0..max} over both splits' labels.
 */
public class IdxDatasetProvider implements DatasetProvider {
    /** The optional file of class names (one per line, label order) in a folder of a spec without names. */
    public static final String CLASSES_FILE = "classes.txt";

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

    /**
     * {@link Recognition#EXACT} when the folder's label files have one of the spec's label digests;
     * {@link Recognition#FORMAT} when the spec has no digests and the folder holds the four files (of the spec's
     * size, if it fixes one); else {@link Recognition#NONE}.
     */
    @Override
    public Recognition recognize(Path folder) {
        try {
            DataLocation at = DataLocation.directory(folder);
            if (!isAvailable(at)) {
                return Recognition.NONE;
            }
            if (!spec.labelDigests().isEmpty()) {
                return spec.labelDigests().contains(labelDigest(folder)) ? Recognition.EXACT : Recognition.NONE;
            }
            if (!spec.anySize()) {
                int[] dims = IdxReader.peekDimensions(findFile(folder, fileNames(Split.TRAIN).get(0)));
                if (dims.length != 3 || dims[1] != spec.rows() || dims[2] != spec.cols()) {
                    return Recognition.NONE;
                }
            }
            return Recognition.FORMAT;
        } catch (IOException | RuntimeException e) {
            return Recognition.NONE;
        }
    }

    /** SHA-256 of the decompressed training labels file followed by the decompressed test labels file. */
    public static String labelDigest(Path folder) throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        for (Split split : Split.values()) {
            Path file = findFile(folder, fileNames(split).get(1));
            if (file == null) {
                throw new BadInputException(folder + ": no " + fileNames(split).get(1));
            }
            byte[] stored = Files.readAllBytes(file);
            try (InputStream in = IdxReader.isGzip(stored)
                    ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))
                    : new java.io.ByteArrayInputStream(stored)) {
                in.transferTo(both);
            }
        }
        return SplitSource.sha256(both.toByteArray());
    }

    @Override
    public RawImages load(Split split, DataLocation location) throws IOException {
        try (SplitSource source = open(split, location, SplitRequest.plain())) {
            int size = source.exampleBytes();
            byte[] pixels = new byte[Math.multiplyExact(source.count(), size)];
            int[] labels = new int[source.count()];
            for (int i = 0; i < source.count(); i++) {
                source.read(i, pixels, i * size);
                labels[i] = source.label(i);
            }
            return new RawImages(source.source(), source.count(), 1, source.height(), source.width(), pixels, labels,
                    source.sha256());
        }
    }

    @Override
    public SplitSource open(Split split, DataLocation location, SplitRequest request) throws IOException {
        List<String> names = fileNames(split);
        request.monitor().progress(-1, "reading " + spec.displayName() + " " + split.name().toLowerCase());
        IdxImageFile images = IdxImageFile.open(stored(location, names.get(0)));
        try {
            IdxReader.Labels labels = readLabels(location, names.get(1));
            if (!spec.anySize() && (images.rows() != spec.rows() || images.cols() != spec.cols())) {
                throw new BadInputException(images.name() + ": images are " + images.rows() + "x" + images.cols()
                        + " but " + spec.displayName() + " images are " + spec.rows() + "x" + spec.cols());
            }
            if (images.count() != labels.count()) {
                throw new BadInputException(images.name() + " has " + images.count() + " images but "
                        + labels.source() + " has " + labels.count() + " labels; they must be the same split");
            }
            List<String> classNames = classNamesAt(location, split, labels);
            int[] y = new int[labels.count()];
            for (int i = 0; i < y.length; i++) {
                int label = labels.labels()[i] & 0xFF;
                if (label >= classNames.size()) {
                    throw new BadInputException(labels.source() + ": label " + label + " at index " + i
                            + " is outside 0.." + (classNames.size() - 1) + " (" + classNames.size() + " classes"
                            + (spec.classNames().isEmpty() && location.kind() != DataLocation.Kind.EMBEDDED_MINI
                            && classesFile(location) != null ? " in " + CLASSES_FILE : "") + ")");
                }
                y[i] = label;
            }
            List<FileDigest> files = List.of(
                    new FileDigest(images.name(), 1, images.storedBytes(), images.sha256()),
                    new FileDigest(labels.source(), 1, labels.storedBytes(), labels.sha256()));
            List<Path> watched = new ArrayList<>();
            if (location.kind() != DataLocation.Kind.EMBEDDED_MINI) {
                watched.add(file(folder(location), names.get(0), location));
                watched.add(file(folder(location), names.get(1), location));
            }
            return new IdxSplitSource(images.name() + " + " + labels.source(), images, y, classNames, files, watched);
        } catch (IOException | RuntimeException e) {
            images.close();
            throw e;
        }
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
                    ? spec.displayName() + " has no standard location; pass --data " + spec.id()
                    + ":DIR with the files " + files + "."
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
                    ? spec.displayName() + " ships no embedded mini set; pass --data " + spec.id() + ":DIR or install it."
                    : "the embedded mini set of " + spec.displayName() + " is not on the classpath (looked in "
                    + spec.miniResourceFolder() + "; is the sample-models jar missing?)";
        };
    }

    // ---- class names ----

    private List<String> classNamesAt(DataLocation location, Split split, IdxReader.Labels labels) throws IOException {
        if (!spec.classNames().isEmpty()) {
            return spec.classNames();
        }
        Path classesFile = location.kind() == DataLocation.Kind.EMBEDDED_MINI ? null : classesFile(location);
        if (classesFile != null) {
            return readClassesFile(classesFile);
        }
        int max = maxLabel(labels);
        Split other = split == Split.TRAIN ? Split.TEST : Split.TRAIN;
        max = Math.max(max, maxLabel(readLabels(location, fileNames(other).get(1))));
        if (max < 1) {
            throw new BadInputException(labels.source() + ": every label is " + max + ": a classifier needs at least 2"
                    + " classes");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private Path classesFile(DataLocation location) {
        Path dir = location.kind() == DataLocation.Kind.STANDARD ? spec.standardDir() : location.directory();
        Path f = dir == null ? null : dir.resolve(CLASSES_FILE);
        return f != null && Files.isRegularFile(f) ? f : null;
    }

    /**
     * The names in a {@value #CLASSES_FILE}: one per line, trimmed; empty lines at the end are ignored; an empty
     * line before a name, a repeated name, fewer than 2 or more than 256 names are errors naming the file and line.
     */
    public static List<String> readClassesFile(Path file) throws IOException {
        if (Files.size(file) > 1 << 20) {
            throw new BadInputException(file + ": " + Files.size(file) + " bytes; a class list of at most 256 names"
                    + " has far fewer");
        }
        List<String> lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n", -1));
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < last; i++) {
            String name = lines.get(i).strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1).strip();
            }
            if (name.isEmpty()) {
                throw new BadInputException(file + ": line " + (i + 1) + " is empty; one class name per line");
            }
            if (!seen.add(name)) {
                throw new BadInputException(file + ": line " + (i + 1) + ": class name '" + name + "' appears twice");
            }
            names.add(name);
        }
        if (names.size() < 2 || names.size() > 256) {
            throw new BadInputException(file + ": " + names.size() + " class names; a classifier needs 2..256");
        }
        return names;
    }

    private static int maxLabel(IdxReader.Labels labels) {
        int max = 0;
        for (byte b : labels.labels()) {
            max = Math.max(max, b & 0xFF);
        }
        return max;
    }

    // ---- files ----

    private IdxReader.Labels readLabels(DataLocation location, String base) throws IOException {
        if (location.kind() == DataLocation.Kind.EMBEDDED_MINI) {
            return IdxReader.parseLabels(base + ".gz (embedded mini)", resourceBytes(base));
        }
        return IdxReader.readLabels(file(folder(location), base, location));
    }

    private IdxImageFile.Stored stored(DataLocation location, String base) {
        if (location.kind() == DataLocation.Kind.EMBEDDED_MINI) {
            String resource = spec.miniResourceFolder() == null ? null : spec.miniResourceFolder() + base + ".gz";
            if (resource == null || resourceLoader.getResource(resource) == null) {
                throw new BadInputException(locationHelp(DataLocation.mini()));
            }
            return new IdxImageFile.Stored() {
                @Override
                public String name() {
                    return base + ".gz (embedded mini)";
                }

                @Override
                public InputStream open() throws IOException {
                    InputStream in = resourceLoader.getResourceAsStream(resource);
                    if (in == null) {
                        throw new BadInputException(locationHelp(DataLocation.mini()));
                    }
                    return in;
                }

                @Override
                public Path path() {
                    return null;
                }
            };
        }
        Path file = file(folder(location), base, location);
        return new IdxImageFile.Stored() {
            @Override
            public String name() {
                return file.getFileName().toString();
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Path path() {
                return file;
            }
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
