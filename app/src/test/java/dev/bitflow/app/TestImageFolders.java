package dev.bitflow.app;

import dev.bitflow.engine.api.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small image folders for the app's tests. */
public final class TestImageFolders {
    private TestImageFolders() {
    }

    /**
     * Grey {@code size x size} PNGs in {@code root/train/} and {@code root/test/}, classes "dark" (values 30..69)
     * and "light" (200..239), files {@code 000.png, 001.png, ...}.
     */
    public static Path shades(Path root, int size, int trainPerClass, int testPerClass) throws IOException {
        Random r = new Random(3);
        for (String part : List.of("train", "test")) {
            for (String cls : List.of("dark", "light")) {
                for (int i = 0; i < (part.equals("train") ? trainPerClass : testPerClass); i++) {
                    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            img.getRaster().setSample(x, y, 0, (cls.equals("dark") ? 30 : 200) + r.nextInt(40));
                        }
                    }
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(img, "png", png);
                    AtomicFiles.writeBytes(root.resolve(part).resolve(cls).resolve(String.format("%03d.png", i)),
                            png.toByteArray());
                }
            }
        }
        return root;
    }
}
