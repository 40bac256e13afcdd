package dev.bitflow.plugins.datasets.images;

/**
 * The rows of an interlaced GIF, put in place by the workbench rather than by the JDK's decoder, which misplaces
 * them in images of 4 rows or fewer (a pass that starts below the image still takes a stored row, so rows land on
 * the wrong line and the last ones keep palette entry 0).
 *
 * <p>An interlaced GIF stores its rows in four passes: rows 0, 8, 16, ... (every 8th from 0), then 4, 12, ... (every
 * 8th from 4), then 2, 6, ... (every 4th from 2), then 1, 3, ... (every 2nd from 1). The decoder is given the file
 * with its first image's interlace flag cleared ({@link #withoutInterlaceFlag}), so it returns the stored rows in
 * stored order, and {@link #placeRows} moves stored row {@code i} to image row {@link #imageRows}{@code [i]}.
 */
final class GifInterlace {
    /** The first row and the step of each of the four passes. */
    private static final int[][] PASSES = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};
    /** The interlace bit in an image descriptor's flags. */
    private static final int INTERLACED = 0x40;

    private GifInterlace() {
    }

    /**
     * A copy of the GIF in {@code bytes} whose first image is marked as stored row by row, or null when {@code bytes}
     * is not a GIF whose first image is interlaced (then the decoder reads the file as it is).
     */
    static byte[] withoutInterlaceFlag(byte[] bytes) {
        int at = firstImageFlagsAt(bytes);
        if (at < 0 || (bytes[at] & INTERLACED) == 0) {
            return null;
        }
        byte[] copy = bytes.clone();
        copy[at] &= (byte) ~INTERLACED;
        return copy;
    }

    /**
     * Where the flags byte of the first image descriptor is: after the 13-byte header and logical screen descriptor,
     * the global colour table if its flag is set, then extension blocks (0x21, a label, data sub-blocks ending with an
     * empty one) up to the image descriptor (0x2C, position and size, then the flags at offset 9). -1 for a file that
     * is not a GIF or ends or breaks this structure first (the decoder then reports it).
     */
    static int firstImageFlagsAt(byte[] bytes) {
        if (bytes.length < 13 || bytes[0] != 'G' || bytes[1] != 'I' || bytes[2] != 'F') {
            return -1;
        }
        int screenFlags = bytes[10] & 0xFF;
        long at = 13 + ((screenFlags & 0x80) != 0 ? 3L << ((screenFlags & 7) + 1) : 0);
        while (at < bytes.length) {
            int block = bytes[(int) at] & 0xFF;
            if (block == 0x2C) {
                return at + 9 < bytes.length ? (int) (at + 9) : -1;
            }
            if (block != 0x21) {
                return -1;
            }
            at += 2;
            while (at < bytes.length && bytes[(int) at] != 0) {
                at += (bytes[(int) at] & 0xFF) + 1;
            }
            at++;
        }
        return -1;
    }

    /** The image row of each stored row of an interlaced image of {@code height} rows, in stored order. */
    static int[] imageRows(int height) {
        int[] rows = new int[height];
        int i = 0;
        for (int[] pass : PASSES) {
            for (int y = pass[0]; y < height; y += pass[1]) {
                rows[i++] = y;
            }
        }
        return rows;
    }

    /**
     * Moves the rows of each of the {@code planes} planes of {@code width x height} bytes in {@code samples} (channel
     * major) from stored order to image order.
     */
    static void placeRows(byte[] samples, int planes, int height, int width) {
        int[] rows = imageRows(height);
        byte[] plane = new byte[width * height];
        for (int c = 0; c < planes; c++) {
            int from = c * width * height;
            System.arraycopy(samples, from, plane, 0, plane.length);
            for (int i = 0; i < height; i++) {
                System.arraycopy(plane, i * width, samples, from + rows[i] * width, width);
            }
        }
    }
}
