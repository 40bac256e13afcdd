package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.FileStamps;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in plugin {@value #ID}: CIFAR-10 in its binary version (Krizhevsky, 2009): 32x32 colour images in
 * files of records of {@value #RECORD} bytes, one label byte then 1024 red, 1024 green and 1024 blue bytes (rows
 * top to bottom), which is already the channel-major layout the engine uses.
 *
 * <p>{@code --data cifar10:DIR} (or a folder recognised as CIFAR-10) reads {@code data_batch_1.bin} ...
 * {@code data_batch_5.bin} (as many as are there, numbered from 1 without gaps) as the training split and
 * {@code test_batch.bin} as the test split; a {@code cifar-10-batches-bin} folder inside DIR (the unpacked
 * download) is used when DIR itself holds no batches. Class names are the lines of {@code batches.meta.txt}, or
 * the published ten when it is absent. A file whose size is not a whole number of records, a label outside the
 * class names and a gap in the batch numbers are errors naming the file. Records are read by position; only
 * labels are held.
 */
public class CifarDatasetProvider implements DatasetProvider {
    public static final String ID = "cifar10";
    /** Bytes per record: 1 label byte and 32 x 32 x 3 pixel bytes. */
    public static final int RECORD = 1 + 3 * 32 * 32;
    /** The published class names, label order. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    static final String META = "batches.meta.txt";
    static final String TEST = "test_batch.bin";
    static final String UNPACKED = "cifar-10-batches-bin";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "CIFAR-10";
    }

    @Override
    public String description() {
        return "32x32 colour images, 10 classes, 50k train / 10k test, binary version (data_batch_N.bin)";
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public boolean isAvailable(DataLocation location) {
        return location.kind() == DataLocation.Kind.DIRECTORY && batches(location.directory()) != null;
    }

    @Override
    public String locationHelp(DataLocation location) {
        if (location.kind() != DataLocation.Kind.DIRECTORY) {
            return "CIFAR-10 has no " + location + " location; download the binary version (cifar-10-binary.tar.gz),"
                    + " unpack it and pass --data cifar10:DIR";
        }
        return location.directory() + " holds no CIFAR-10 batches: data_batch_1.bin ... data_batch_5.bin and "
                + TEST + " (binary version)";
    }

    @Override
    public Recognition recognize(Path folder) {
        try {
            return batches(folder) != null ? Recognition.FORMAT : Recognition.NONE;
        } catch (RuntimeException e) {
            return Recognition.NONE;
        }
    }

    /** The folder holding the batches: {@code dir} or its {@value #UNPACKED}; null when neither has them. */
    static Path batches(Path dir) {
        for (Path d : List.of(dir, dir.resolve(UNPACKED))) {
            if (Files.isRegularFile(d.resolve("data_batch_1.bin")) && Files.isRegularFile(d.resolve(TEST))) {
                return d;
            }
        }
        return null;
    }

    @Override
    public RawImages load(Split split, DataLocation location) throws IOException {
        try (SplitSource s = open(split, location, SplitRequest.plain())) {
            byte[] pixels = new byte[Math.multiplyExact(s.count(), s.exampleBytes())];
            int[] labels = new int[s.count()];
            for (int i = 0; i < s.count(); i++) {
                s.read(i, pixels, i * s.exampleBytes());
                labels[i] = s.label(i);
            }
            return new RawImages(s.source(), s.count(), 3, 32, 32, pixels, labels, s.sha256());
        }
    }

    @Override
    public int count(Split split, DataLocation location) throws IOException {
        long records = 0;
        for (Path f : files(split, dir(location))) {
            records += Files.size(f) / RECORD;
        }
        return (int) records;
    }

    @Override
    public SplitSource open(Split split, DataLocation location, SplitRequest request) throws IOException {
        Path dir = dir(location);
        List<String> names = classNamesIn(dir);
        List<Path> files = files(split, dir);
        List<FileDigest> digests = new ArrayList<>();
        long[] starts = new long[files.size() + 1];
        List<int[]> labelsPerFile = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            request.monitor().checkCancelled();
            request.monitor().progress((double) f / files.size(), "reading " + files.get(f).getFileName());
            Path file = files.get(f);
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                throw new BadInputException(file.getFileName() + ": " + size + " bytes is not a whole number of "
                        + RECORD + "-byte records (1 label + 3072 pixels); the file is truncated or not CIFAR-10");
            }
            if (starts[f] + size / RECORD > Integer.MAX_VALUE) {
                throw new BadInputException(file.getFileName() + ": too many records");
            }
            int[] labels = new int[(int) (size / RECORD)];
            MessageDigest sha = sha256();
            try (InputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), sha),
                    1 << 16)) {
                byte[] record = new byte[RECORD];
                for (int r = 0; r < labels.length; r++) {
                    in.readNBytes(record, 0, RECORD);
                    int label = record[0] & 0xFF;
                    if (label >= names.size()) {
                        throw new BadInputException(file.getFileName() + ": label " + label + " of record " + r
                                + " is outside 0.." + (names.size() - 1) + " (" + names.size() + " classes"
                                + (Files.isRegularFile(dir.resolve(META)) ? " in " + META : "") + ")");
                    }
                    labels[r] = label;
                }
            }
            labelsPerFile.add(labels);
            digests.add(new FileDigest(file.getFileName().toString(), 1, size, HexFormat.of().formatHex(sha.digest())));
            starts[f + 1] = starts[f] + labels.length;
        }
        int[] labels = new int[(int) starts[files.size()]];
        for (int f = 0; f < files.size(); f++) {
            System.arraycopy(labelsPerFile.get(f), 0, labels, (int) starts[f], labelsPerFile.get(f).length);
        }
        String source = dir + " " + (split == Split.TRAIN ? "data_batch_1.." + files.size() + ".bin" : TEST);
        return new Records(source, files, starts, labels, names, digests);
    }

    private Path dir(DataLocation location) {
        Path d = location.kind() == DataLocation.Kind.DIRECTORY ? batches(location.directory()) : null;
        if (d == null) {
            throw new BadInputException(locationHelp(location));
        }
        return d;
    }

    /** The batch files of a split: data_batch_1.bin .. N.bin without gaps, or test_batch.bin. */
    static List<Path> files(Split split, Path dir) {
        if (split == Split.TEST) {
            return List.of(dir.resolve(TEST));
        }
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            Path f = dir.resolve("data_batch_" + n + ".bin");
            if (Files.isRegularFile(f)) {
                if (files.size() != n - 1) {
                    throw new BadInputException(dir.resolve("data_batch_" + n + ".bin") + ": data_batch_"
                            + (files.size() + 1) + ".bin is missing; the training batches are numbered from 1 without gaps");
                }
                files.add(f);
            }
        }
        return files;
    }

    /** The class names: the lines of batches.meta.txt (blank lines ignored), or the published ten. */
    static List<String> classNamesIn(Path dir) throws IOException {
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta)) {
            return CLASS_NAMES;
        }
        if (Files.size(meta) > 1 << 20) {
            throw new BadInputException(META + ": " + Files.size(meta) + " bytes; a list of class names is far smaller");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : new String(Files.readAllBytes(meta), StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isBlank()) {
                if (!seen.add(line.strip())) {
                    throw new BadInputException(META + ": class name '" + line.strip() + "' appears twice");
                }
                if (names.size() == 256) {
                    throw new BadInputException(META + ": more than 256 class names; a classifier needs 2..256");
                }
                names.add(line.strip());
            }
        }
        if (names.size() < 2 || names.size() > 256) {
            throw new BadInputException(META + ": " + names.size() + " class names; a classifier needs 2..256");
        }
        return names;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Records read by position from the batch files. */
    private static final class Records extends SplitSource {
        private final List<Path> files;
        private final long[] starts;
        private final RandomAccessFile[] open;
        private final FileStamps stamps;

        Records(String source, List<Path> files, long[] starts, int[] labels, List<String> names,
                List<FileDigest> digests) throws IOException {
            super(source, 3, 32, 32, labels, names, digests);
            this.files = files;
            this.starts = starts;
            this.open = new RandomAccessFile[files.size()];
            try {
                for (int f = 0; f < files.size(); f++) {
                    open[f] = new RandomAccessFile(files.get(f).toFile(), "r");
                }
            } catch (IOException | RuntimeException e) {
                close(); // the files opened before the one that failed
                throw e;
            }
            this.stamps = FileStamps.of(files);
        }

        @Override
        public void read(int index, byte[] dst, int offset) throws IOException {
            int f = 0;
            while (index >= starts[f + 1]) {
                f++;
            }
            RandomAccessFile file = open[f];
            synchronized (file) {
                file.seek((index - starts[f]) * RECORD + 1);
                file.readFully(dst, offset, RECORD - 1);
            }
        }

        @Override
        public boolean changedOnDisk() {
            return stamps.changed();
        }

        @Override
        public void close() throws IOException {
            for (RandomAccessFile f : open) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }
}
