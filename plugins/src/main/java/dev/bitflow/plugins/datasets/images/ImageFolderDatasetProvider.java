package dev.bitflow.plugins.datasets.images;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.FileStamps;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in plugin {@value #ID}: labelled images in folders, one folder per class, read with the JDK's ImageIO
 * ({@link ImageDecoder}: PNG, JPEG, BMP, GIF), decoded at the network's input size, grey or RGB as its channels.
 *
 * <p>Layouts of {@code --data images:ROOT}:
 * <ul>
 *   <li>{@code ROOT/train/<class>/*} and {@code ROOT/test/<class>/*}: the published split; every test class must
 *       have a training folder;</li>
 *   <li>{@code ROOT/<class>/*}: split per class by a seeded fraction ({@link SeededSplit}: options
 *       {@code testFraction}, default 0.2, and {@code splitSeed}, default 1), so every class is in both parts.</li>
 * </ul>
 * Classes are the class folders' names in sorted order (label 0 is the first). A split's examples are ordered by
 * file name, then by class, so files named by a number keep that order. Hidden files, {@code Thumbs.db} and
 * {@code desktop.ini} are ignored; anything else in a class folder that is not an image by its name, a folder
 * inside a class folder, an image outside the class folders, an empty class folder and a single class are
 * errors naming the path. Every image's header is checked (and the file hashed for the model's provenance) when
 * the split is opened; a damaged image body is reported, with its name, when it is first decoded.
 */
public class ImageFolderDatasetProvider implements DatasetProvider {
    public static final String ID = "images";

    /** The last folder listed, so that opening the two splits of one folder lists it once. */
    private Listing last;

    /** One listed folder: classes and, per split, files and labels. */
    record Listing(Path root, boolean splitLayout, SeededSplit split, List<String> classNames, List<Path> trainFiles,
                   int[] trainLabels, List<Path> testFiles, int[] testLabels, FileStamps folders) {
        boolean current() {
            return !folders.changed();
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Image folders";
    }

    @Override
    public String description() {
        return "labelled images, one folder per class (train/ and test/, or split by a seeded fraction); "
                + "PNG, JPEG, BMP, GIF";
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public Set<String> optionNames() {
        return Set.of(SeededSplit.FRACTION, SeededSplit.SEED);
    }

    @Override
    public boolean isAvailable(DataLocation location) {
        return location.kind() == DataLocation.Kind.DIRECTORY && Files.isDirectory(location.directory());
    }

    @Override
    public String locationHelp(DataLocation location) {
        return location.kind() == DataLocation.Kind.DIRECTORY
                ? location.directory() + " is not a folder; --data images:DIR needs a folder of class folders"
                : "image folders have no " + location + " location; pass --data images:DIR (DIR/train/<class>/ and"
                + " DIR/test/<class>/, or DIR/<class>/)";
    }

    /**
     * {@link Recognition#LAYOUT} for a folder with {@code train/} and {@code test/} holding class folders, or with at
     * least two class folders whose first entries are images; looks at a few entries only.
     */
    @Override
    public Recognition recognize(Path folder) {
        try {
            Path train = folder.resolve("train");
            Path test = folder.resolve("test");
            if (Files.isDirectory(train) && Files.isDirectory(test)) {
                return classFoldersWithImages(train) >= 1 ? Recognition.LAYOUT : Recognition.NONE;
            }
            return classFoldersWithImages(folder) >= 2 ? Recognition.LAYOUT : Recognition.NONE;
        } catch (IOException | RuntimeException e) {
            return Recognition.NONE;
        }
    }

    private static int classFoldersWithImages(Path dir) throws IOException {
        int found = 0;
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(dir)) {
            for (Path c : classes) {
                if (Files.isDirectory(c) && firstEntryIsImage(c) && ++found >= 2) {
                    break;
                }
            }
        }
        return found;
    }

    private static boolean firstEntryIsImage(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            int looked = 0;
            for (Path f : files) {
                if (ImageScan.isImageName(f)) {
                    return true;
                }
                if (++looked > 8) {
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public RawImages load(Split split, DataLocation location) {
        throw ImageScan.decodedWhenOpened("image folders", ID, location);
    }

    @Override
    public int count(Split split, DataLocation location) throws IOException {
        Listing l = listing(folder(location), SeededSplit.of(java.util.Map.of(), ID), TaskMonitor.NONE);
        return split == Split.TRAIN ? l.trainFiles().size() : l.testFiles().size();
    }

    @Override
    public SplitSource open(Split split, DataLocation location, SplitRequest request) throws IOException {
        Shape input = ImageScan.inputOf(request, "image folders");
        Path root = folder(location);
        Listing l = listing(root, SeededSplit.of(request.options(), ID), request.monitor());
        boolean train = split == Split.TRAIN;
        List<Path> files = train ? l.trainFiles() : l.testFiles();
        int[] labels = train ? l.trainLabels() : l.testLabels();
        String part = l.splitLayout() ? (train ? "train/" : "test/") : (train ? "training part" : "test part");
        FileDigest digest = ImageScan.check(root, files, part + " (" + files.size() + " images)", input.width(),
                input.height(), request.resize(), request.monitor(), root.getFileName() + " " + part);
        return new ImageFilesSource(root + " " + part, root, files, labels, l.classNames(), input.channels(),
                input.height(), input.width(), request.resize(), List.of(digest), () -> !l.current());
    }

    private static Path folder(DataLocation location) {
        if (location.kind() != DataLocation.Kind.DIRECTORY || !Files.isDirectory(location.directory())) {
            throw new BadInputException(location.kind() == DataLocation.Kind.DIRECTORY
                    ? location.directory() + " is not a folder; --data images:DIR needs a folder of class folders"
                    : "image folders have no " + location + " location; pass --data images:DIR");
        }
        return location.directory();
    }

    private synchronized Listing listing(Path root, SeededSplit split, TaskMonitor monitor) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        if (last != null && last.root().equals(absolute) && last.split().equals(split) && last.current()) {
            return last;
        }
        last = list(absolute, split, monitor);
        return last;
    }

    /** Lists {@code root} (see the class comment for the layouts and the errors). */
    static Listing list(Path root, SeededSplit split, TaskMonitor monitor) throws IOException {
        List<Path> folders = new ArrayList<>();
        folders.add(root);
        Path trainDir = root.resolve("train");
        Path testDir = root.resolve("test");
        boolean hasTrain = Files.isDirectory(trainDir);
        boolean hasTest = Files.isDirectory(testDir);
        int[] listed = new int[1];
        if (hasTrain != hasTest) {
            throw new BadInputException(root + ": has " + (hasTrain ? "train/ but no test/" : "test/ but no train/")
                    + "; give both, or one folder per class (split by the option " + SeededSplit.FRACTION + ")");
        }
        if (hasTrain) {
            folders.add(trainDir);
            folders.add(testDir);
            TreeMap<String, List<Path>> train = classFolders(root, trainDir, folders, monitor, listed);
            TreeMap<String, List<Path>> test = classFolders(root, testDir, folders, monitor, listed);
            for (String c : test.keySet()) {
                if (!train.containsKey(c)) {
                    throw new BadInputException(root.relativize(testDir.resolve(c)) + ": class '" + c
                            + "' has test images but no training folder train/" + c);
                }
            }
            List<String> classes = new ArrayList<>(train.keySet());
            checkClassCount(root, trainDir, classes);
            Examples tr = ordered(train, classes, null, false);
            Examples te = ordered(test, classes, null, false);
            return new Listing(root, true, split, classes, tr.files, tr.labels, te.files, te.labels,
                    FileStamps.of(folders));
        }
        TreeMap<String, List<Path>> all = classFolders(root, root, folders, monitor, listed);
        List<String> classes = new ArrayList<>(all.keySet());
        checkClassCount(root, root, classes);
        Examples tr = ordered(all, classes, split, false);
        Examples te = ordered(all, classes, split, true);
        return new Listing(root, false, split, classes, tr.files, tr.labels, te.files, te.labels,
                FileStamps.of(folders));
    }

    private record Examples(List<Path> files, int[] labels) {
    }

    /**
     * The examples of {@code byClass}, ordered by file name then class; with a split, only the test items (when
     * {@code test}) or only the others, chosen per class.
     */
    private static Examples ordered(TreeMap<String, List<Path>> byClass, List<String> classes, SeededSplit split,
                                    boolean test) {
        record Item(Path file, int label) {
        }
        List<Item> items = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files = byClass.getOrDefault(classes.get(c), List.of());
            boolean[] isTest = split == null ? null : split.testItems(files.size(), classes.get(c).hashCode());
            for (int i = 0; i < files.size(); i++) {
                if (split == null || isTest[i] == test) {
                    items.add(new Item(files.get(i), c));
                }
            }
        }
        items.sort(Comparator.comparing((Item it) -> it.file().getFileName().toString())
                .thenComparingInt(Item::label));
        List<Path> files = new ArrayList<>(items.size());
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            files.add(items.get(i).file());
            labels[i] = items.get(i).label();
        }
        return new Examples(files, labels);
    }

    private static void checkClassCount(Path root, Path dir, List<String> classes) {
        String name = root.equals(dir) ? root.toString() : root.relativize(dir).toString();
        if (classes.isEmpty()) {
            throw new BadInputException(name + ": no class folders; put the images in one folder per class ("
                    + name + "/<class>/*.png)");
        }
        if (classes.size() == 1) {
            throw new BadInputException(name + ": only one class folder (" + classes.get(0)
                    + "); a classifier needs at least 2");
        }
    }

    /** The class folders of {@code dir} (sorted) with their image files (sorted by name). */
    private static TreeMap<String, List<Path>> classFolders(Path root, Path dir, List<Path> folders,
                                                            TaskMonitor monitor, int[] listed) throws IOException {
        TreeMap<String, List<Path>> out = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (Files.isDirectory(e)) {
                    if (!ImageScan.isIgnorable(e)) {
                        out.put(e.getFileName().toString(), null);
                    }
                } else if (ImageScan.isImageName(e)) {
                    throw new BadInputException(root.relativize(e) + ": an image outside the class folders; put every"
                            + " image in the folder of its class");
                }
            }
        }
        for (String c : out.keySet()) {
            Path classDir = dir.resolve(c);
            folders.add(classDir);
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(classDir)) {
                for (Path f : entries) {
                    if (ImageScan.isIgnorable(f)) {
                        continue;
                    }
                    if (Files.isDirectory(f)) {
                        throw new BadInputException(root.relativize(f) + ": a folder inside the class folder "
                                + root.relativize(classDir) + "; put the images directly in it");
                    }
                    if (!ImageScan.isImageName(f)) {
                        throw new BadInputException(root.relativize(f) + ": not an image file (expected "
                                + String.join(", ", new java.util.TreeSet<>(ImageScan.EXTENSIONS)) + ")");
                    }
                    files.add(f);
                    if (++listed[0] % 1000 == 0) {
                        monitor.checkCancelled();
                        monitor.progress(-1, String.format(Locale.ROOT, "listing %s: %,d images", root, listed[0]));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new BadInputException(root.relativize(classDir) + ": no images in this class folder");
            }
            files.sort(Comparator.comparing(f -> f.getFileName().toString()));
            out.put(c, files);
        }
        return out;
    }
}
