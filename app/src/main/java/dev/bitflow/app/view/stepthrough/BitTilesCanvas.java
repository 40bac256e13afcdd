package dev.bitflow.app.view.stepthrough;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.viewmodel.stepthrough.TileLayout;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Bits as small black-and-white tile grids, one grid per input channel (a {@link TileLayout} slice): white is
 * bit 1 (+1), black bit 0 (\u22121); a tile that does not count (zero padding) is grey with a cross. Slices wrap
 * to the available width; the pane's preferred height follows from it.
 */
public final class BitTilesCanvas extends ThemedCanvasPane {
    static final double GAP = 4;

    private TileLayout layout;
    private boolean[] bits;
    private boolean[] valid;

    public BitTilesCanvas() {
        setMinWidth(60);
    }

    /** Shows {@code bits} (and which count: {@code valid}, null for all) in {@code layout}. */
    public void show(TileLayout layout, boolean[] bits, boolean[] valid) {
        this.layout = layout;
        this.bits = bits;
        this.valid = valid;
        requestLayout();
        repaint();
    }

    /** Tallest the grids should get: the tile size shrinks until the slices fit. */
    static final double MAX_HEIGHT = 340;

    /** Side of one tile in pixels for a width: the largest of 10..2 whose wrapped slices fit {@link #MAX_HEIGHT}. */
    double tile(double width) {
        if (layout == null) {
            return 6;
        }
        for (int t = 10; t > 2; t--) {
            if (heightFor(width, t) <= MAX_HEIGHT) {
                return t;
            }
        }
        return 2;
    }

    private double heightFor(double width, double t) {
        int perRow = slicesPerRow(width, t);
        int rows = (layout.slices() + perRow - 1) / perRow;
        return rows * (layout.rows() * t + GAP);
    }

    private int slicesPerRow(double width, double t) {
        double sw = layout.cols() * t + GAP;
        return Math.max(1, Math.min(layout.slices(), (int) Math.floor((width + GAP) / sw)));
    }

    @Override
    protected double prefHeightAt(double width) {
        if (layout == null) {
            return 20;
        }
        double w = width > 0 ? width : 260;
        return heightFor(w, tile(w));
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected boolean minHeightIsPref() {
        return true;
    }

    @Override
    protected double prefWidthAt(double height) {
        return 260;
    }

    @Override
    protected void paint(GraphicsContext g, double width, double height) {
        if (layout == null || bits == null) {
            return;
        }
        double t = tile(width);
        int perRow = slicesPerRow(width, t);
        Color one = Color.WHITE;
        Color zero = dark() ? Color.web("#010409") : Color.BLACK;
        Color edge = dark() ? Color.web("#6e7681") : Color.web("#8c959f");
        Color off = dark() ? Color.web("#30363d") : Color.web("#d0d7de");
        for (int s = 0; s < layout.slices(); s++) {
            double ox = (s % perRow) * (layout.cols() * t + GAP);
            double oy = (s / perRow) * (layout.rows() * t + GAP);
            for (int r = 0; r < layout.rows(); r++) {
                for (int c = 0; c < layout.cols(); c++) {
                    int i = layout.index(s, r, c);
                    if (i < 0) {
                        continue;
                    }
                    double x = ox + c * t;
                    double y = oy + r * t;
                    if (valid != null && !valid[i]) {
                        g.setFill(off);
                        g.fillRect(x, y, t, t);
                        g.setStroke(edge);
                        g.setLineWidth(0.8);
                        g.strokeLine(x + 1, y + 1, x + t - 1, y + t - 1);
                        g.strokeLine(x + t - 1, y + 1, x + 1, y + t - 1);
                    } else {
                        g.setFill(bits[i] ? one : zero);
                        g.fillRect(x, y, t, t);
                    }
                }
            }
            g.setStroke(edge);
            g.setLineWidth(1);
            g.strokeRect(ox - 0.5, oy - 0.5, layout.cols() * t + 1, layout.rows() * t + 1);
        }
    }
}
