package dev.bitflow.app.view.stepthrough;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.viewmodel.stepthrough.TileLayout;
import java.util.function.IntConsumer;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;

/**
 * Bits as small black-and-white tile grids, one grid per input channel (a {@link TileLayout} slice): white is
 * bit 1 (+1), black bit 0 (\u22121); a tile that does not count (zero padding) is grey with a cross. Slices wrap
 * to the available width; the pane's preferred height follows from it. One tile can be marked (outlined in the
 * accent colour), and a click on a tile can be reported ({@link #setOnTileClicked}).
 */
public final class BitTilesCanvas extends ThemedCanvasPane {
    static final double GAP = 4;

    private TileLayout layout;
    private boolean[] bits;
    private boolean[] valid;
    private int marked = -1;
    private int maxTile = 10;
    private double inset;
    private IntConsumer onTileClicked;

    public BitTilesCanvas() {
        setMinWidth(60);
        setOnMouseClicked(e -> {
            if (onTileClicked != null && e.getButton() == MouseButton.PRIMARY) {
                int i = tileAt(e.getX() / zoom(), e.getY() / zoom());
                if (i >= 0) {
                    onTileClicked.accept(i);
                }
            }
        });
    }

    /** Calls {@code action} with the bit index of a tile the user clicks (the hand cursor shows it is clickable). */
    public void setOnTileClicked(IntConsumer action) {
        this.onTileClicked = action;
        setCursor(action == null ? Cursor.DEFAULT : Cursor.HAND);
    }

    /** Outlines the tile of bit {@code index} (-1: none). */
    public void mark(int index) {
        this.marked = index;
        repaint();
    }

    /** Empty space around the grids, in logical pixels (0 unless set), so a marked tile at the edge shows whole. */
    public void setInset(double pixels) {
        if (Math.max(0, pixels) == inset) {
            return;
        }
        this.inset = Math.max(0, pixels);
        requestLayout();
    }

    /** The largest tile side in logical pixels (10 unless set). */
    public void setMaxTile(int pixels) {
        if (Math.max(3, pixels) == maxTile) {
            return;
        }
        this.maxTile = Math.max(3, pixels);
        requestLayout();
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

    /** Side of one tile in pixels for a width: the largest of max..2 whose wrapped slices fit {@link #MAX_HEIGHT}. */
    double tile(double width) {
        if (layout == null) {
            return 6;
        }
        for (int t = maxTile; t > 2; t--) {
            if (heightFor(width, t) <= MAX_HEIGHT) {
                return t;
            }
        }
        return 2;
    }

    private double heightFor(double width, double t) {
        int perRow = slicesPerRow(width, t);
        int rows = (layout.slices() + perRow - 1) / perRow;
        return rows * (layout.rows() * t + GAP) + 2 * inset;
    }

    private int slicesPerRow(double width, double t) {
        double sw = layout.cols() * t + GAP;
        return Math.max(1, Math.min(layout.slices(), (int) Math.floor((width - 2 * inset + GAP) / sw)));
    }

    /** The centre of the tile of bit {@code index} in the pane's own coordinates, or null when it is not shown. */
    public Point2D tileCentre(int index) {
        if (layout == null || bits == null) {
            return null;
        }
        double width = logicalWidth();
        double t = tile(width);
        int perRow = slicesPerRow(width, t);
        for (int s = 0; s < layout.slices(); s++) {
            for (int r = 0; r < layout.rows(); r++) {
                for (int c = 0; c < layout.cols(); c++) {
                    if (layout.index(s, r, c) == index) {
                        double x = inset + (s % perRow) * (layout.cols() * t + GAP) + (c + 0.5) * t;
                        double y = inset + (s / perRow) * (layout.rows() * t + GAP) + (r + 0.5) * t;
                        return new Point2D(x * zoom(), y * zoom());
                    }
                }
            }
        }
        return null;
    }

    /** The bit index of the tile at logical point ({@code px}, {@code py}), or -1 between tiles or outside. */
    int tileAt(double px, double py) {
        if (layout == null || bits == null) {
            return -1;
        }
        double width = logicalWidth();
        double t = tile(width);
        int perRow = slicesPerRow(width, t);
        px -= inset;
        py -= inset;
        double sw = layout.cols() * t + GAP;
        double sh = layout.rows() * t + GAP;
        int slice = (int) Math.floor(py / sh) * perRow + (int) Math.floor(px / sw);
        int col = (int) Math.floor((px % sw) / t);
        int row = (int) Math.floor((py % sh) / t);
        if (px < 0 || py < 0 || px / sw >= perRow || col >= layout.cols() || row >= layout.rows()) {
            return -1;
        }
        return layout.index(slice, row, col);
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
        g.translate(inset, inset);
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
            if (marked >= 0) {
                markTile(g, s, ox, oy, t);
            }
        }
    }

    /** The marked tile, if it is in slice {@code s}: an accent square with a halo, readable on white and black. */
    private void markTile(GraphicsContext g, int s, double ox, double oy, double t) {
        for (int r = 0; r < layout.rows(); r++) {
            for (int c = 0; c < layout.cols(); c++) {
                if (layout.index(s, r, c) == marked) {
                    double x = ox + c * t;
                    double y = oy + r * t;
                    double pad = Math.max(2, t * 0.25);
                    g.setStroke(background());
                    g.setLineWidth(4);
                    g.strokeRect(x - pad, y - pad, t + 2 * pad, t + 2 * pad);
                    g.setStroke(accent());
                    g.setLineWidth(2);
                    g.strokeRect(x - pad, y - pad, t + 2 * pad, t + 2 * pad);
                    return;
                }
            }
        }
    }

    /** The theme's accent (the marker and field outlines of the step-through). */
    Color accent() {
        return dark() ? Color.web("#4493f8") : Color.web("#0969da");
    }
}
