package dev.bitflow.plugins.export.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.plugins.datasets.MiniatureDataSets;
import dev.bitflow.plugins.export.ExportTestSupport;
import dev.bitflow.plugins.export.tools.ExternalTool;
import dev.bitflow.plugins.host.PluginHost;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported script's data loader ({@code bitflow_data.py}, through {@code bitflow_torch.load_split} and
 * {@code to_input}) reads what the workbench reads. On image folders of both layouts (PNG, JPEG, GIF and BMP files of
 * many sizes and colour modes, 16-bit BMPs among them; class folders with non-ASCII, mixed-case and astral-plane
 * names whose Java order differs from code-point order), a folder of interlaced GIFs of 1 to 5 rows and BMPs with
 * bit fields of 4 to 10 bits per component, CIFAR-10 batches, an 11K Hands replica and IDX files, for grey and RGB
 * networks, nearest and bilinear resizing and class
 * subsets: every example's label and the class names are the workbench's, the decoded examples' values equal the
 * workbench's within 1e-6, the split checksums are equal, and a plain folder is detected as the same kind. Broken
 * data ends the script with one line naming the file, as the workbench refuses it. Needs a Python with torch, numpy
 * and Pillow ({@code /usr/bin/python3} with Debian's python3-torch and python3-pil, or the interpreter named by
 * {@value PyTorchRoundTripTest#PYTHON_ENV}).
 */
class PyTorchDataParityTest {
    /** Class folders: mixed case, Latin-1, and one astral (surrogate pair) name that Java sorts before U+FF46. */
    static final List<String> CLASSES = List.of("Zebra", "apple", "Äpfel", "\uD835\uDD38lpha", "ｆｕｌｌ", "éclair");
    /** File name prefixes: files of one number in several classes are ordered by class. */
    static final List<String> PREFIXES = List.of("", "IMG_", "img_", "Ä_", "ｆ_", "\uD835\uDD38_");

    private static Engine engine;
    private static DefaultDatasetService service;

    @TempDir
    Path dir;

    @BeforeAll
    static void workbench() {
        engine = ExportTestSupport.engine();
        service = new DefaultDatasetService(PluginHost.discover(PyTorchDataParityTest.class.getClassLoader(), null));
    }

    /** A Python with torch, numpy and Pillow, or null. */
    static ExternalTool python() throws Exception {
        ExternalTool python = PyTorchRoundTripTest.torchPython();
        if (python == null) {
            return null;
        }
        return python.run(Path.of("."), List.of("-c", "import PIL.Image"), 60, TaskMonitor.NONE).ok() ? python : null;
    }

    /** One definition read at one location: the workbench and the exported loader must agree on it. */
    record Case(String name, String data, int channels, int height, int width, String id, String resize,
                String normalization, String classes, String options, int units) {
        String json() {
            return """
                    {"format": "bitflow-definition", "version": 1, "name": "%s",
                     "input": {"channels": %d, "height": %d, "width": %d},
                     "layers": [{"type": "flatten", "name": "flat"},
                                {"type": "dense", "name": "out", "units": %d, "weights": "float", "bias": true},
                                {"type": "softmax", "name": "softmax"}],
                     "training": {"optimizer": "adam", "learningRate": 0.01, "schedule": "constant", "epochs": 1,
                                  "batchSize": 16, "seed": 7, "validationFraction": 0},
                     "dataset": {"id": "%s", "normalization": "%s", "resize": "%s", "classes": [%s],
                                 "options": {%s}}}
                    """.formatted(name, channels, height, width, units, id, normalization, resize, classes, options);
        }
    }

    @Test
    void theScriptReadsEveryBuiltInDataSetAsTheWorkbench() throws Exception {
        ExternalTool python = python();
        assumeTrue(python != null, "no Python with torch, numpy and Pillow: install Debian's python3-torch and "
                + "python3-pil (apt-get install -y python3-torch python3-pil) or set " + PyTorchRoundTripTest.PYTHON_ENV);
        Path split = variedImageFolder(dir.resolve("split-layout"), true, 11);
        Path flat = variedImageFolder(dir.resolve("flat-layout"), false, 12);
        Path cifar = dir.resolve("cifar");
        MiniatureDataSets.cifar(cifar.resolve("cifar-10-batches-bin"), List.of("Flugzeug", "Vögel", "cat", "Deer",
                "ｆｒｏｇ"), 2, 20, 15, 13);
        Path hands = MiniatureDataSets.hands(dir.resolve("hands"), 9, 4, 37, 29, 14);
        Path idx = MiniatureDataSets.idx(dir.resolve("idx"), List.of("null", "eins", "zwei"), 3, 30, 12, 10, 8, 15);
        Path packed = packedAndInterlaced(dir.resolve("packed-interlaced"), 16);
        int k = CLASSES.size();
        List<Case> cases = List.of(
                new Case("split grey nearest", split.toString(), 1, 12, 10, "idx", "nearest", "unit", "", "", k),
                new Case("split rgb bilinear", split.toString(), 3, 20, 24, "images", "bilinear", "minus-one-to-one",
                        "", "", k),
                new Case("split grey bilinear subset", "images:" + split, 1, 16, 16, "images", "bilinear",
                        "minus-one-to-one", "4, 0, 3", "", 3),
                new Case("split rgb nearest", split.toString(), 3, 9, 13, "images", "nearest", "unit", "", "", k),
                new Case("flat rgb bilinear", flat.toString(), 3, 16, 16, "images", "bilinear", "unit", "",
                        "\"testFraction\": \"0.3\", \"splitSeed\": \"-12345\"", k),
                new Case("flat grey nearest defaults", flat.toString(), 1, 11, 14, "images", "nearest",
                        "minus-one-to-one", "", "", k),
                new Case("cifar", cifar.toString(), 3, 32, 32, "idx", "bilinear", "minus-one-to-one", "", "",
                        5),
                new Case("cifar subset", "cifar10:" + cifar, 3, 32, 32, "cifar10", "bilinear", "unit", "4, 1", "", 2),
                new Case("hands rgb bilinear dorsal", hands.toString(), 3, 24, 20, "hands", "bilinear",
                        "minus-one-to-one", "", "\"aspect\": \"dorsal\", \"testFraction\": \"0.34\", "
                        + "\"splitSeed\": \"3\"", 2),
                new Case("hands grey nearest", "hands:" + hands, 1, 16, 16, "hands", "nearest", "unit", "", "", 2),
                new Case("idx classes.txt", idx.toString(), 1, 8, 10, "idx", "bilinear", "unit", "2, 0", "", 2),
                new Case("bit-field BMPs and small interlaced GIFs rgb nearest", packed.toString(), 3, 4, 6,
                        "images", "nearest", "unit", "", "", 2),
                new Case("bit-field BMPs and small interlaced GIFs grey bilinear", packed.toString(), 1, 3, 5,
                        "images", "bilinear", "unit", "", "", 2),
                new Case("fashion-mnist by its label checksums", PyTorchRoundTripTest.MINI.toAbsolutePath().toString(),
                        1, 28, 28, "idx", "bilinear", "minus-one-to-one", "6, 0", "", 2));

        StringBuilder list = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            NetworkDefinition def = engine.definitions().parse(c.json(), c.name());
            Path out = dir.resolve("export-" + i);
            engine.exports().export("pytorch", def, null, out, TaskMonitor.NONE);
            String module;
            try (var files = Files.list(out)) {
                module = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_model.py")).findFirst()
                        .orElseThrow();
            }
            list.append(i).append('\t').append(out.resolve(module)).append('\t').append(c.data()).append('\n');
        }
        Path caseList = dir.resolve("cases.tsv");
        AtomicFiles.writeString(caseList, list.toString());
        Path driver = dir.resolve("driver.py");
        AtomicFiles.writeString(driver, DRIVER);
        ExternalTool.Result run = python.run(dir, List.of(driver.toString(), dir.resolve("export-0").toString(),
                caseList.toString(), dir.resolve("python-out").toString()), 600, TaskMonitor.NONE);
        assertThat(run.ok()).as("the loader's output:\n%s", run.output()).isTrue();

        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            NetworkDefinition def = engine.definitions().parse(c.json(), c.name());
            DataLocation location = DataLocation.parse(c.data());
            Map<String, String> py = results(dir.resolve("python-out").resolve(i + ".txt"));
            assertThat(py).as(c.name()).doesNotContainKey("error");
            assertThat(py.get("kind")).as("%s: the kind detected", c.name())
                    .isEqualTo(service.resolve(def.dataset(), location).id());
            for (Split s : Split.values()) {
                String key = s.name().toLowerCase();
                LabeledData java = service.load(def, location, s);
                String what = c.name() + " " + key;
                assertThat(py.get(key + ".names")).as("%s: class names", what)
                        .isEqualTo(String.join("\t", java.classNames()));
                assertThat(py.get(key + ".labels")).as("%s: every label, in order", what)
                        .isEqualTo(Arrays.stream(java.y()).mapToObj(Integer::toString).reduce((a, b) -> a + " " + b)
                                .orElse(""));
                assertThat(py.get(key + ".digest")).as("%s: the split's checksum", what).isEqualTo(java.sha256());
                int decoded = Integer.parseInt(py.get(key + ".decoded"));
                assertThat(decoded).as("%s: examples decoded", what).isEqualTo(Math.min(java.count(), 60));
                float[] values = floats(dir.resolve("python-out").resolve(i + "-" + key + ".f32"));
                int size = java.exampleSize();
                assertThat(values).as(what).hasSize(decoded * size);
                for (int e = 0; e < decoded; e++) {
                    float[] expected = java.example(e);
                    for (int v = 0; v < size; v++) {
                        float got = values[e * size + v];
                        if (Math.abs(got - expected[v]) > 1e-6f) {
                            throw new AssertionError(what + ": example " + e + " value " + v + " (channel "
                                    + v / (c.height() * c.width()) + ") is " + got + " in the script, " + expected[v]
                                    + " in the workbench");
                        }
                    }
                }
            }
        }
        // ambiguity is refused alike: IDX files and CIFAR-10 batches in one folder
        Path both = MiniatureDataSets.idx(dir.resolve("both"), null, 3, 6, 3, 32, 32, 16);
        MiniatureDataSets.cifar(both, null, 1, 5, 5, 17);
        NetworkDefinition def = engine.definitions().parse(cases.get(1).json(), "ambiguous");
        assertThatThrownBy(() -> service.resolve(def.dataset(), DataLocation.parse(both.toString())))
                .isInstanceOf(BadInputException.class)
                .hasMessage(scriptError(python, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import bitflow_data"
                        + " as d\ntry:\n    d.resolve(sys.argv[2], {'id': 'images'})\nexcept d.DataError as e:\n"
                        + "    print(e)", dir.resolve("export-0").toString(), both.toString()));
    }

    @Test
    void brokenDataEndsTheScriptWithOneLineNamingTheFile() throws Exception {
        ExternalTool python = python();
        assumeTrue(python != null, "no Python with torch, numpy and Pillow: install Debian's python3-torch and "
                + "python3-pil or set " + PyTorchRoundTripTest.PYTHON_ENV);
        Case images = new Case("broken", "", 3, 8, 8, "images", "bilinear", "unit", "", "", 2);
        NetworkDefinition def = engine.definitions().parse(images.json(), "broken");
        Path out = dir.resolve("export");
        engine.exports().export("pytorch", def, null, out, TaskMonitor.NONE);
        Map<String, Path> broken = new LinkedHashMap<>();

        Path cifar = MiniatureDataSets.cifar(dir.resolve("cifar"), null, 1, 4, 3, 1);
        Files.write(cifar.resolve("data_batch_1.bin"), Arrays.copyOf(Files.readAllBytes(cifar.resolve(
                "data_batch_1.bin")), 2 * 3073 + 5));
        broken.put("data_batch_1.bin: 6151 bytes is not a whole number of 3073-byte records", cifar);

        Path bomb = twoClasses(dir.resolve("bomb"));
        Files.write(bomb.resolve("b").resolve("bomb.png"), MiniatureDataSets.png(100_000, 100_000, 0, 8, new byte[0]));
        broken.put("b/bomb.png: the header says 100000x100000 pixels; images of 1 to 25 megapixels are read", bomb);

        Path dense = twoClasses(dir.resolve("dense"));
        Files.write(dense.resolve("a").resolve("dense.png"), MiniatureDataSets.png(4000, 4000, 0, 8, new byte[0]));
        broken.put("a/dense.png: the header says 4000x4000 pixels, more than a file of", dense);

        Path text = twoClasses(dir.resolve("text"));
        Files.writeString(text.resolve("a").resolve("9.png"), "not a picture at all");
        broken.put("a/9.png: not an image (no PNG, JPEG, BMP or GIF header)", text);

        Path cut = twoClasses(dir.resolve("cut"));
        byte[] whole = Files.readAllBytes(cut.resolve("a").resolve("0.png"));
        Files.write(cut.resolve("a").resolve("0.png"), Arrays.copyOf(whole, whole.length - 30));
        broken.put("a/0.png: damaged or truncated image", cut);

        Path hands = MiniatureDataSets.hands(dir.resolve("hands"), 3, 2, 8, 8, 2);
        String csv = Files.readString(hands.resolve("HandInfo.csv"));
        Files.writeString(hands.resolve("HandInfo.csv"), csv.replaceFirst(",female,", ",x,"));
        broken.put("HandInfo.csv line 2: gender 'x' is not male or female", hands);

        Path idx = dir.resolve("idx");
        MiniatureDataSets.idx(idx, null, 2, 4, 2, 8, 8, 3);
        Files.delete(idx.resolve("train-images-idx3-ubyte.gz"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), ByteBuffer.allocate(116).putInt(0x803).putInt(60000)
                .putInt(8).putInt(8).array());
        broken.put("train-images-idx3-ubyte: truncated: header says 60000 images of 8x8 (3840000 bytes) but only 100"
                + " bytes follow", idx);

        Path gz = dir.resolve("gz");
        MiniatureDataSets.idx(gz, null, 2, 4, 2, 8, 8, 3);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(zipped))) {
            o.writeInt(0x803);
            o.writeInt(Integer.MAX_VALUE);
            o.writeInt(8);
            o.writeInt(8);
        }
        Files.write(gz.resolve("train-images-idx3-ubyte.gz"), zipped.toByteArray());
        broken.put("train-images-idx3-ubyte.gz: the header says images", gz);

        for (Map.Entry<String, Path> e : broken.entrySet()) {
            String kindPrefix = e.getValue().equals(idx) || e.getValue().equals(gz) ? "idx:" : "";
            ExternalTool.Result r = python.run(out, List.of("train_broken.py", "--data",
                    kindPrefix + e.getValue(), "--epochs", "1", "--out", dir.resolve("w.npz").toString()), 300,
                    TaskMonitor.NONE);
            assertThat(r.ok()).as(r.output()).isFalse();
            assertThat(r.output()).as("one line naming the file").doesNotContain("Traceback")
                    .startsWith("error: ").contains(e.getKey()).hasLineCount(1);
            NetworkDefinition forJava = engine.definitions().parse(images.json(), "broken");
            String file = e.getKey().substring(0, e.getKey().indexOf(':'));
            assertThatThrownBy(() -> service.load(forJava, DataLocation.parse(kindPrefix + e.getValue()), Split.TRAIN)
                    .example(0)).as("the workbench refuses %s too", e.getValue()).hasMessageContaining(file);
            assertThat(Files.exists(dir.resolve("w.npz"))).isFalse();
        }
    }

    /** What the driver printed for one case: {@code key value} lines. */
    private static Map<String, String> results(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            out.put(line.substring(0, space), line.substring(space + 1));
        }
        return out;
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static String scriptError(ExternalTool python, String... args) throws IOException {
        ExternalTool.Result r = python.run(Path.of("."), List.of(args), 120, TaskMonitor.NONE);
        assertThat(r.ok()).as(r.output()).isTrue();
        return r.output().strip();
    }

    /** Two class folders a and b with one small PNG each. */
    private static Path twoClasses(Path root) throws IOException {
        Random r = new Random(1);
        for (String c : List.of("a", "b")) {
            Files.createDirectories(root.resolve(c));
            ImageIO.write(image(BufferedImage.TYPE_3BYTE_BGR, 12, 9, r), "png", root.resolve(c).resolve("0.png").toFile());
        }
        return root;
    }

    /**
     * Image folders of {@link #CLASSES} (split layout: 7 training and 3 test files per class, the last class
     * without test files; flat: 9 per class) in many formats, colour modes and sizes, plus files to ignore.
     */
    static Path variedImageFolder(Path root, boolean splitLayout, long seed) throws IOException {
        Random r = new Random(seed);
        int n = 0;
        for (String part : splitLayout ? List.of("train", "test") : List.of("")) {
            for (int c = 0; c < CLASSES.size(); c++) {
                int count = part.equals("test") ? (c == CLASSES.size() - 1 ? 0 : 3) : splitLayout ? 7 : 9;
                Path folder = part.isEmpty() ? root.resolve(CLASSES.get(c)) : root.resolve(part).resolve(CLASSES.get(c));
                if (count > 0) {
                    Files.createDirectories(folder);
                }
                for (int i = 0; i < count; i++) {
                    int k = n++;
                    String name = PREFIXES.get(i % PREFIXES.size()) + String.format("%02d", i);
                    writeVaried(folder, name, k, r);
                }
                if (count > 0) {
                    Files.writeString(folder.resolve(".hidden"), "ignored");
                    Files.writeString(folder.resolve("Thumbs.db"), "ignored");
                }
            }
        }
        Files.writeString(root.resolve("README.txt"), "not a class folder");
        return root;
    }

    /**
     * Two class folders of files written byte by byte: interlaced GIFs of 1 to 5 rows (a random palette of 8 colours)
     * and BMPs with bit fields (16-bit 5-6-5, 5-5-5 and 4-4-4, 32-bit of 10 bits per component and of 8 with no
     * green), random pixels.
     */
    static Path packedAndInterlaced(Path root, long seed) throws IOException {
        Random r = new Random(seed);
        int[][] masks = {{0xF800, 0x07E0, 0x001F}, null, {0x0F00, 0x00F0, 0x000F},
                {0x3FF00000, 0x000FFC00, 0x000003FF}, {0x00FF0000, 0, 0x000000FF}};
        for (String c : List.of("gifs", "bmps")) {
            Path folder = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 5; i++) {
                int w = 2 + r.nextInt(5);
                int h = i + 1;
                int[] values = new int[w * h];
                byte[] file;
                if (c.equals("gifs")) {
                    int[] palette = new int[8];
                    for (int p = 0; p < 8; p++) {
                        palette[p] = r.nextInt(1 << 24);
                    }
                    Arrays.setAll(values, p -> r.nextInt(8));
                    file = MiniatureDataSets.gif(w, h, palette, values, true);
                } else {
                    int bits = i == 3 || i == 4 ? 32 : 16;
                    Arrays.setAll(values, p -> r.nextInt(bits == 32 ? Integer.MAX_VALUE : 1 << 16));
                    file = MiniatureDataSets.bmp(w, h, bits, masks[i], values);
                }
                Files.write(folder.resolve(i + (c.equals("gifs") ? ".gif" : ".bmp")), file);
            }
        }
        return root;
    }

    /** Image {@code k} of the varied folder: the format and colour mode cycle, sizes vary (some 16x16). */
    private static void writeVaried(Path folder, String name, int k, Random r) throws IOException {
        int w = k % 5 == 0 ? 16 : 5 + (k * 7) % 29;
        int h = k % 5 == 0 ? 16 : 4 + (k * 5) % 23;
        switch (k % 13) {
            case 0 -> ImageIO.write(image(BufferedImage.TYPE_BYTE_GRAY, w, h, r), "png", folder.resolve(name + ".png")
                    .toFile());
            case 1 -> ImageIO.write(image(BufferedImage.TYPE_3BYTE_BGR, w, h, r), "png", folder.resolve(name + ".PNG")
                    .toFile());
            case 2 -> ImageIO.write(image(BufferedImage.TYPE_3BYTE_BGR, w, h, r), "jpeg", folder.resolve(name + ".jpg")
                    .toFile());
            case 3 -> ImageIO.write(image(BufferedImage.TYPE_INT_ARGB, w, h, r), "png", folder.resolve(name + ".png")
                    .toFile());
            case 4 -> ImageIO.write(image(BufferedImage.TYPE_BYTE_GRAY, w, h, r), "jpeg", folder.resolve(name + ".JPEG")
                    .toFile());
            case 5 -> ImageIO.write(image(BufferedImage.TYPE_USHORT_GRAY, w, h, r), "png", folder.resolve(name + ".png")
                    .toFile());
            case 6 -> ImageIO.write(image(BufferedImage.TYPE_BYTE_INDEXED, w, h, r), "png", folder.resolve(name
                    + ".png").toFile());
            case 7 -> ImageIO.write(palette(w, h, r), "gif", folder.resolve(name + ".gif").toFile());
            case 8 -> ImageIO.write(image(BufferedImage.TYPE_3BYTE_BGR, w, h, r), "bmp", folder.resolve(name + ".bmp")
                    .toFile());
            case 9 -> ImageIO.write(image(BufferedImage.TYPE_BYTE_BINARY, w, h, r), "png", folder.resolve(name
                    + ".png").toFile());
            case 10 -> ImageIO.write(image(BufferedImage.TYPE_USHORT_565_RGB, w, h, r), "bmp", folder.resolve(name
                    + ".bmp").toFile());
            case 11 -> ImageIO.write(image(BufferedImage.TYPE_USHORT_555_RGB, w, h, r), "bmp", folder.resolve(name
                    + ".BMP").toFile());
            default -> Files.write(folder.resolve(name + ".png"), MiniatureDataSets.png(w, h, 0, 4,
                    greyRows(w, h, 4, r)));
        }
    }

    /** Smooth colour gradients with noise, so that resizing and luma matter; alpha varies where there is one. */
    private static BufferedImage image(int type, int w, int h, Random r) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = Math.min(255, x * 255 / w + r.nextInt(40));
                int green = Math.min(255, y * 255 / h + r.nextInt(40));
                int blue = r.nextInt(256);
                if (type == BufferedImage.TYPE_USHORT_GRAY) {
                    img.getRaster().setSample(x, y, 0, r.nextInt(65536));
                } else {
                    img.setRGB(x, y, (r.nextInt(256) << 24) | (red << 16) | (green << 8) | blue);
                }
            }
        }
        return img;
    }

    /** A 32-colour palette image (GIF). */
    private static BufferedImage palette(int w, int h, Random r) {
        byte[][] rgb = new byte[3][32];
        for (byte[] channel : rgb) {
            r.nextBytes(channel);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(5, 32, rgb[0], rgb[1], rgb[2]));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x + y + r.nextInt(4)) % 32);
            }
        }
        return img;
    }

    /** Filtered PNG scanlines (filter 0) of random grey samples of {@code bits} bits. */
    private static byte[] greyRows(int w, int h, int bits, Random r) {
        int rowBytes = (w * bits + 7) / 8;
        byte[] rows = new byte[h * (rowBytes + 1)];
        for (int y = 0; y < h; y++) {
            for (int i = 1; i <= rowBytes; i++) {
                rows[y * (rowBytes + 1) + i] = (byte) r.nextInt(256);
            }
        }
        return rows;
    }

    /**
     * For each case (index, model module, --data): the kind detected, then per split the class names, every label,
     * the checksum and the number of examples decoded (files {@code OUT/INDEX.txt}), and the first 60 examples as the
     * network sees them, float32 little-endian ({@code OUT/INDEX-SPLIT.f32}), read with the exported loader.
     */
    static final String DRIVER = """
            import importlib.util, os, sys
            sys.path.insert(0, sys.argv[1])
            import bitflow_data, bitflow_torch
            out = sys.argv[3]
            os.makedirs(out, exist_ok=True)
            for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
                index, module, data = line.split("\\t")
                spec = importlib.util.spec_from_file_location("case%s" % index, module)
                m = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(m)
                lines = []
                try:
                    lines.append("kind " + bitflow_data.resolve(data, m.DATASET)[0])
                    for split in ("train", "test"):
                        v = bitflow_data.view(data, split, m.DATASET, m.INPUT_SHAPE, m.NAME)
                        x, y, names, digest = bitflow_torch.load_split(data, split, m, limit=60)
                        assert y.tolist() == v.labels.tolist()[:len(y)] and names == v.names
                        bitflow_torch.to_input(x, m.DATASET).numpy().astype("<f4").tofile(
                            os.path.join(out, "%s-%s.f32" % (index, split)))
                        lines += [split + ".names " + "\\t".join(names),
                                  split + ".labels " + " ".join(map(str, v.labels.tolist())),
                                  split + ".digest " + digest, split + ".decoded %d" % len(x)]
                except bitflow_data.DataError as e:
                    lines.append("error " + str(e))
                with open(os.path.join(out, index + ".txt"), "w", encoding="utf-8") as f:
                    f.write("\\n".join(lines) + "\\n")
            """;
}
