package dev.bitflow.engine.data;

import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.Shape;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one example (channels x height x width values, channel-major).
 *
 * <p>Per example, a {@link SplittableRandom} seeded with {@link #exampleSeed} draws, in this order and only for
 * the parts switched on: the crop offset {@code dy, dx} (each uniform in -p..p), the shift {@code sy, sx}
 * (each uniform in -s..s) and the flip (a fair coin). Output pixel (y, x) of channel c is then
 * <pre>
 *   x1 = flip ? W-1-x : x                                   (flip)
 *   y2 = clamp(y + sy, 0, H-1), x2 = clamp(x1 + sx, 0, W-1) (shift: edge pixels repeat)
 *   y3 = y2 + dy, x3 = x2 + dx                              (crop of the image padded by p)
 *   out = (0 <= y3 < H and 0 <= x3 < W) ? in[c][y3][x3] : fill
 * </pre>
 * that is crop first, then shift, then flip, as the definition format documents. {@code fill} is the normalised
 * value of a black pixel. The same seed gives the same output on every JDK ({@link SplittableRandom}'s
 * sequence is specified).
 */
public final class Augmenter {
    private final Augmentation augmentation;

    public Augmenter(Augmentation augmentation) {
        this.augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    }

    public boolean isIdentity() {
        return augmentation.isNone();
    }

    /** The seed of the example at {@code position} of a batch whose seed is {@code batchSeed}. */
    public static long exampleSeed(long batchSeed, int position) {
        long h = batchSeed * 0x9E3779B97F4A7C15L + position + 1;
        h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }

    /** Writes the augmented {@code src} (one example of {@code shape}) to {@code dst[offset ..]}. */
    public void apply(float[] src, float[] dst, int offset, Shape shape, float fill, long seed) {
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        if (shape.flat()) {
            throw new IllegalArgumentException("augmentation needs an image input, not a vector of " + shape);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int p = augmentation.cropPadding();
        int dy = p > 0 ? random.nextInt(2 * p + 1) - p : 0;
        int dx = p > 0 ? random.nextInt(2 * p + 1) - p : 0;
        int s = augmentation.shift();
        int sy = s > 0 ? random.nextInt(2 * s + 1) - s : 0;
        int sx = s > 0 ? random.nextInt(2 * s + 1) - s : 0;
        boolean flip = augmentation.horizontalFlip() && random.nextBoolean();
        for (int y = 0; y < h; y++) {
            int y3 = clamp(y + sy, h) + dy;
            for (int x = 0; x < w; x++) {
                int x1 = flip ? w - 1 - x : x;
                int x3 = clamp(x1 + sx, w) + dx;
                boolean inside = y3 >= 0 && y3 < h && x3 >= 0 && x3 < w;
                for (int c = 0; c < shape.channels(); c++) {
                    dst[offset + c * plane + y * w + x] = inside ? src[c * plane + y3 * w + x3] : fill;
                }
            }
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }
}
