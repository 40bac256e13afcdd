package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.api.BadInputException;
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
import dev.bitflow.plugins.datasets.images.ImageFilesSource;
import dev.bitflow.plugins.datasets.images.ImageScan;
import dev.bitflow.plugins.datasets.images.SeededSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in plugin {@value #ID}: the 11K Hands data set (M. Afifi, "11K Hands: gender recognition and
 * biometric identification using a large dataset of hand images", Multimedia Tools and Applications, 2019):
 * 11,076 hand photos (1600x1200 JPEG) of 190 people, described by {@code HandInfo.csv} (columns {@code id}, the
 * person; {@code gender}; {@code aspectOfHand}, for example {@code dorsal right}; {@code imageName}) with the
 * images in {@code Hands/}.
 *
 * <p>The task is gender: label 0 {@code female}, 1 {@code male}. Options: {@value #ASPECT} ({@code dorsal},
 * {@code palmar} or {@code any}, default any) and {@value #SIDE} ({@code left}, {@code right} or {@code any})
 * keep only those photos; the split is by person: the people (sorted by id) are split by a seeded fraction
 * ({@link SeededSplit}: {@code testFraction} 0.2, {@code splitSeed} 1), so nobody's hands are in both the
 * training and the test split. Images are decoded and resized to the network's input like image folders.
 *
 * <p>Errors name {@code HandInfo.csv} and the line: a missing column, a row with another number of fields, an
 * unknown gender or aspect, an image named twice, an image that is not in {@code Hands/}.
 */
public class HandsDatasetProvider implements DatasetProvider {
    public static final String ID = "hands";
    public static final String CSV = "HandInfo.csv";
    public static final String IMAGES = "Hands";
    public static final String ASPECT = "aspect";
    public static final String SIDE = "side";
    public static final List<String> CLASS_NAMES = List.of("female", "male");
    private static final long MAX_CSV_BYTES = 16L << 20;

    /** One photo: its person, label and file. */
    record Photo(String subject, int label, Path file) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "11K Hands";
    }

    @Override
    public String description() {
        return "Afifi's 11,076 hand photos of 190 people; gender (female, male), split by person";
    }

    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of(ASPECT, SIDE, SeededSplit.FRACTION, SeededSplit.SEED);
    }

    @Override
    public boolean isAvailable(DataLocation location) {
        return location.kind() == DataLocation.Kind.DIRECTORY
                && Files.isRegularFile(location.directory().resolve(CSV))
                && Files.isDirectory(location.directory().resolve(IMAGES));
    }

    @Override
    public String locationHelp(DataLocation location) {
        return location.kind() == DataLocation.Kind.DIRECTORY
                ? location.directory() + " does not hold the 11K Hands files: " + CSV + " and the folder " + IMAGES + "/"
                : "11K Hands has no " + location + " location; download it (HandInfo.csv and Hands.zip, unpacked to"
                + " Hands/) and pass --data hands:DIR";
    }

    @Override
    public Recognition recognize(Path folder) {
        return isAvailable(DataLocation.directory(folder)) ? Recognition.FORMAT : Recognition.NONE;
    }

    @Override
    public RawImages load(Split split, DataLocation location) {
        throw ImageScan.decodedWhenOpened("11K Hands images", ID, location);
    }

    @Override
    public int count(Split split, DataLocation location) throws IOException {
        return photos(split, location.directory(), Map.of()).size();
    }

    @Override
    public SplitSource open(Split split, DataLocation location, SplitRequest request) throws IOException {
        Shape input = ImageScan.inputOf(request, "11K Hands images");
        if (!isAvailable(location)) {
            throw new BadInputException(locationHelp(location));
        }
        Path root = location.directory();
        request.monitor().progress(-1, "reading " + CSV);
        List<Photo> photos = photos(split, root, request.options());
        List<Path> files = new ArrayList<>();
        int[] labels = new int[photos.size()];
        for (int i = 0; i < photos.size(); i++) {
            files.add(photos.get(i).file());
            labels[i] = photos.get(i).label();
        }
        String part = split == Split.TRAIN ? "training people" : "test people";
        Path csv = root.resolve(CSV);
        byte[] csvBytes = Files.readAllBytes(csv);
        FileDigest csvDigest = new FileDigest(CSV, 1, csvBytes.length, SplitSource.sha256(csvBytes));
        FileDigest images = ImageScan.check(root, files, IMAGES + "/ " + part + " (" + files.size() + " images)",
                input.width(), input.height(), request.resize(), request.monitor(), "11K Hands " + part);
        FileStamps stamps = FileStamps.of(List.of(root, root.resolve(IMAGES), csv));
        return new ImageFilesSource(root + " (" + part + ")", root, files, labels, CLASS_NAMES, input.channels(),
                input.height(), input.width(), request.resize(), List.of(csvDigest, images), stamps::changed);
    }

    /** The photos of one split after the aspect filter, in the order of the CSV. */
    static List<Photo> photos(Split split, Path root, Map<String, String> options) throws IOException {
        String aspect = choice(options, ASPECT, List.of("dorsal", "palmar", "any"));
        String side = choice(options, SIDE, List.of("left", "right", "any"));
        SeededSplit seeded = SeededSplit.of(options, ID);
        List<Photo> all = readCsv(root, aspect, side);
        if (all.isEmpty()) {
            throw new BadInputException(CSV + ": no photo has aspect " + aspect + " and side " + side);
        }
        TreeSet<String> subjects = new TreeSet<>();
        all.forEach(p -> subjects.add(p.subject()));
        boolean[] test = seeded.testItems(subjects.size(), 0);
        Set<String> testSubjects = new HashSet<>();
        int k = 0;
        for (String s : subjects) {
            if (test[k++]) {
                testSubjects.add(s);
            }
        }
        List<Photo> out = new ArrayList<>();
        for (Photo p : all) {
            if (testSubjects.contains(p.subject()) == (split == Split.TEST)) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(CSV + ": the " + split.name().toLowerCase(Locale.ROOT) + " split is empty: "
                    + subjects.size() + " people have photos with aspect " + aspect + " and side " + side
                    + "; change " + SeededSplit.FRACTION + " or the filter");
        }
        return out;
    }

    private static String choice(Map<String, String> options, String option, List<String> allowed) {
        String v = options.getOrDefault(option, "any").trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new BadInputException(ID + ": option " + option + " must be one of " + String.join(", ", allowed)
                    + ", was '" + options.get(option) + "'");
        }
        return v;
    }

    /** The rows of HandInfo.csv that pass the filter (see the class comment for the checks). */
    static List<Photo> readCsv(Path root, String aspect, String side) throws IOException {
        Path csv = root.resolve(CSV);
        if (Files.size(csv) > MAX_CSV_BYTES) {
            throw new BadInputException(CSV + ": " + Files.size(csv) + " bytes; the published file has about 500 KB");
        }
        String[] lines = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new BadInputException(CSV + ": empty; line 1 must name the columns");
        }
        List<String> header = fields(lines[0].replace("\uFEFF", ""));
        int id = column(header, "id");
        int gender = column(header, "gender");
        int aspectColumn = column(header, "aspectOfHand");
        int image = column(header, "imageName");
        Path images = root.resolve(IMAGES);
        List<Photo> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String at = CSV + " line " + (i + 1);
            List<String> f = fields(lines[i]);
            if (f.size() != header.size()) {
                throw new BadInputException(at + ": " + f.size() + " fields, the header has " + header.size());
            }
            int label = CLASS_NAMES.indexOf(f.get(gender).toLowerCase(Locale.ROOT));
            if (label < 0) {
                throw new BadInputException(at + ": gender '" + f.get(gender) + "' is not male or female");
            }
            String[] aspectSide = f.get(aspectColumn).toLowerCase(Locale.ROOT).split("\\s+");
            if (aspectSide.length != 2 || !List.of("dorsal", "palmar").contains(aspectSide[0])
                    || !List.of("left", "right").contains(aspectSide[1])) {
                throw new BadInputException(at + ": aspectOfHand '" + f.get(aspectColumn)
                        + "' is not '<dorsal|palmar> <left|right>'");
            }
            String name = f.get(image);
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new BadInputException(at + ": imageName '" + name + "' is not a file name in " + IMAGES + "/");
            }
            if (!seen.add(name)) {
                throw new BadInputException(at + ": image " + name + " is named twice");
            }
            Path file;
            try {
                file = images.resolve(name);
            } catch (InvalidPathException e) {
                throw new BadInputException(at + ": imageName '" + name + "' is not a file name in " + IMAGES
                        + "/ (" + e.getReason() + ")", e);
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(at + ": names " + IMAGES + "/" + name + ", which does not exist");
            }
            if (f.get(id).isEmpty()) {
                throw new BadInputException(at + ": the person id is empty");
            }
            if ((aspect.equals("any") || aspect.equals(aspectSide[0])) && (side.equals("any") || side.equals(aspectSide[1]))) {
                out.add(new Photo(f.get(id), label, file));
            }
        }
        return out;
    }

    private static int column(List<String> header, String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new BadInputException(CSV + " line 1: no column '" + name + "' (columns: " + String.join(", ", header)
                    + ")");
        }
        return c;
    }

    /** The comma-separated fields of one line, each trimmed and without surrounding double quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            String t = f.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            out.add(t);
        }
        return out;
    }
}
