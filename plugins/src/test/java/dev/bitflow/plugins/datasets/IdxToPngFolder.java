package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes Fashion-MNIST (from its IDX files) as an image folder of grey PNGs, for the documented run that trains on
 * both and compares: {@code OUT/train/<label>_<name>/<index>.png} and {@code OUT/test/...}. The class folders start
 * with the label, so that their sorted order is the label order, and the files are named by their index in the
 * IDX file (zero-padded), so that the folder's example order is the IDX order; PNG is lossless, so every pixel
 * is the same. Not a test (docs/data.md):
 * <pre>
 * java -cp ... dev.bitflow.plugins.datasets.IdxToPngFolder /usr/share/datasets/fashion-mnist OUT
 * </pre>
 */
public final class IdxToPngFolder {
    private IdxToPngFolder() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[1]);
        FashionMnistDatasetProvider fashion = new FashionMnistDatasetProvider(Path.of(args[0]));
        for (Split split : Split.values()) {
            try (SplitSource s = fashion.open(split, DataLocation.standard(), SplitRequest.plain())) {
                byte[] pixels = new byte[s.exampleBytes()];
                for (int i = 0; i < s.count(); i++) {
                    s.read(i, pixels, 0);
                    BufferedImage img = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_BYTE_GRAY);
                    img.getRaster().setDataElements(0, 0, s.width(), s.height(), pixels);
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(img, "png", png);
                    String cls = s.label(i) + "_" + s.classNames().get(s.label(i)).replace('/', '_');
                    Path dir = Files.createDirectories(out.resolve(split == Split.TRAIN ? "train" : "test").resolve(cls));
                    // a scratch copy for a measurement: plain writes (70,000 synced atomic writes take minutes)
                    Files.write(dir.resolve(String.format("%05d.png", i)), png.toByteArray());
                }
                System.out.println(split + ": " + s.count() + " images");
            }
        }
    }
}
