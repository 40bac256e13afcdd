package dev.bitflow.app.view.step;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Bits as black-and-white tiles: one row per kernel tap (ky, kx), one column per input channel; white is +1,
 * black is -1, and a padded (invalid) tap is drawn hatched grey. Long rows (dense layers) wrap.
 */
public final class BitGrid extends Pane {
    private static final int MAX_COLUMNS = 64;
    private final Canvas canvas = new Canvas();
    private String title = "";
    private boolean[] bits = new boolean[0];
    private boolean[] valid = new boolean[0];
    private int rows;
    private int columns;
    private boolean dark;

    public BitGrid() {
        getChildren().add(canvas);
        setMinSize(120, 120);
    }

    /** Shows {@code bits} laid out as {@code taps} rows of {@code channels} bits. */
    public void set(String gridTitle, boolean[] values, boolean[] validMask, int taps, int channels) {
        this.title = gridTitle;
        this.bits = values;
        this.valid = validMask;
        if (channels > MAX_COLUMNS && taps == 1) {
            this.columns = MAX_COLUMNS;
            this.rows = (channels + MAX_COLUMNS - 1) / MAX_COLUMNS;
        } else {
            this.columns = channels;
            this.rows = taps;
        }
        draw();
    }

    public void clear() {
        set("", new boolean[0], new boolean[0], 0, 0);
    }

    public void setDark(boolean on) {
        this.dark = on;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        Color fg = dark ? Color.web("#e6edf3") : Color.web("#1f2328");
        g.setFill(fg);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 12));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        if (rows == 0 || columns == 0) {
            g.fillText(title, 2, 2);
            return;
        }
        double top = 22;
        // Lay out taps x channels or channels x taps, whichever gives bigger tiles.
        double tileA = Math.min((w - 4) / columns, (h - top - 4) / rows);
        double tileB = Math.min((w - 4) / rows, (h - top - 4) / columns);
        boolean transpose = tileB > tileA;
        g.fillText(title + (transpose && rows > 1 ? "  \u00b7  row = channel, column = tap" : ""), 2, 2);
        int shownRows = transpose ? columns : rows;
        int shownCols = transpose ? rows : columns;
        double tile = Math.max(2, Math.min(18, transpose ? tileB : tileA));
        Color border = dark ? Color.web("#484f58") : Color.web("#8c959f");
        for (int r = 0; r < shownRows; r++) {
            for (int c = 0; c < shownCols; c++) {
                int i = transpose ? c * columns + r : r * columns + c;
                if (i >= bits.length) {
                    continue;
                }
                double x = 2 + c * tile;
                double y = top + r * tile;
                if (i < valid.length && !valid[i]) {
                    g.setFill(Color.web("#8c959f", 0.35));
                    g.fillRect(x, y, tile, tile);
                    g.setStroke(Color.web("#8c959f"));
                    g.strokeLine(x, y + tile, x + tile, y);
                } else {
                    g.setFill(bits[i] ? Color.WHITE : Color.BLACK);
                    g.fillRect(x, y, tile, tile);
                }
                if (tile >= 6) {
                    g.setStroke(border);
                    g.setLineWidth(0.5);
                    g.strokeRect(x, y, tile, tile);
                }
            }
        }
    }
}
