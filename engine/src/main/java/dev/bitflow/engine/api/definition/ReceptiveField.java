package dev.bitflow.engine.api.definition;

/**
 * Where one output position of a layer looks on the network's input image, in input pixel rows and columns
 * (inclusive bounds). Two regions:
 * <ul>
 *   <li>the <em>nominal</em> field ({@code top..bottom} x {@code left..right}): the textbook receptive field, every
 *       kernel and pool window composed as if the input went on forever. Near the edge it reaches beyond the image
 *       (negative rows, rows past the last): there the layers read padding, not pixels.</li>
 *   <li>the <em>exact</em> region ({@code pixelTop..pixelBottom} x {@code pixelLeft..pixelRight}): the image pixels
 *       the output really depends on. It lies inside the image; it is empty ({@link #dependsOnImage()} false) when
 *       the position reads padding only.</li>
 * </ul>
 * A position of a flat layer (dense) depends on the whole input of the flatten before it, so its field is every
 * image pixel that reaches that flatten.
 *
 * @param layer       the layer's name
 * @param y           row of the position on the layer's output grid (0 for a flat layer)
 * @param x           column of it
 * @param imageHeight rows of the network input
 * @param imageWidth  columns of it
 * @param top         first row of the nominal field (negative beyond the top edge)
 * @param left        first column of it
 * @param bottom      last row of it (from {@code imageHeight} on beyond the bottom edge)
 * @param right       last column of it
 * @param pixelTop    first image row the output depends on
 * @param pixelLeft   first image column it depends on
 * @param pixelBottom last image row it depends on ({@code pixelTop - 1} when it depends on none)
 * @param pixelRight  last image column it depends on
 * @param jump        input pixels between neighbouring output positions (the product of the strides; 0 for a flat
 *                    layer)
 */
public record ReceptiveField(String layer, int y, int x, int imageHeight, int imageWidth, int top, int left, int bottom,
                             int right, int pixelTop, int pixelLeft, int pixelBottom, int pixelRight, int jump) {

    /** Rows of the nominal field. */
    public int height() {
        return bottom - top + 1;
    }

    /** Columns of the nominal field. */
    public int width() {
        return right - left + 1;
    }

    /** Whether any image pixel feeds the position (false when it reads padding only). */
    public boolean dependsOnImage() {
        return pixelBottom >= pixelTop && pixelRight >= pixelLeft;
    }

    /** Whether the nominal field reaches beyond the image edge (the layers read padding there). */
    public boolean beyondEdge() {
        return top < 0 || left < 0 || bottom >= imageHeight || right >= imageWidth;
    }

    /** Whether image pixel ({@code row}, {@code col}) is in the exact region. */
    public boolean contains(int row, int col) {
        return row >= pixelTop && row <= pixelBottom && col >= pixelLeft && col <= pixelRight;
    }
}
