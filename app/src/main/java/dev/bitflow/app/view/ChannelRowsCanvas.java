package dev.bitflow.app.view;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A canvas of one row per layer and one cell per channel, with a two-line label left of each row, optional room
 * right of the rows, and a legend under them: the layout, hit testing, theme colours and repaint shared by the
 * BatchShift verification heat map and the inspector's +1 rate heat map. Subclasses say how many rows and
 * channels there are and draw a row's cells and the legend.
 */
public abstract class ChannelRowsCanvas extends ThemedCanvasPane {
    /** Fixed sizes of one kind of heat map. */
    public record Geometry(double labelWidth, double rowHeight, double rowGap, double top, double legendHeight,
                              double maxCell, double rightReserve) {
    }

    /** A row and channel under a point. */
    protected record Hit(int row, int channel) {
    }

    protected final Geometry geometry;

    protected ChannelRowsCanvas(Geometry geometry) {
        this.geometry = geometry;
    }

    /** Call when the data changed: the height may change, and the cells must be drawn again. */
    protected void dataChanged() {
        requestLayout();
        repaint();
    }

    protected abstract int rowCount();

    /** Channels of the widest row; sets the cell width. */
    protected abstract int maxChannels();

    /** Draws row {@code row} at height {@code y}, cells {@code cellWidth} wide from {@code geometry.labelWidth}. */
    protected abstract void drawRow(GraphicsContext g, int row, double y, double cellWidth);

    /** Draws the legend with its top at {@code y}. */
    protected abstract void drawLegend(GraphicsContext g, double y);

    @Override
    protected double prefHeightAt(double width) {
        return geometry.top() + rowCount() * (geometry.rowHeight() + geometry.rowGap()) + geometry.legendHeight();
    }

    @Override
    protected boolean minHeightIsPref() {
        return true;
    }

    /** Width of one cell for the current size. */
    protected double cellWidth() {
        int n = maxChannels();
        return n == 0 ? geometry.maxCell() : Math.min(geometry.maxCell(),
                Math.max(1, (logicalWidth() - geometry.labelWidth() - geometry.rightReserve() - 8) / n));
    }

    /** The row and channel under a point of this pane (the channel may exceed that row's width), or null. */
    protected Hit hitAt(double screenX, double screenY) {
        double px = screenX / zoom();
        double py = screenY / zoom();
        double pitch = geometry.rowHeight() + geometry.rowGap();
        int row = (int) Math.floor((py - geometry.top()) / pitch);
        double inRow = (py - geometry.top()) - row * pitch;
        if (row < 0 || row >= rowCount() || inRow < 0 || inRow > geometry.rowHeight() || px < geometry.labelWidth()) {
            return null;
        }
        return new Hit(row, (int) Math.floor((px - geometry.labelWidth()) / cellWidth()));
    }

    protected Color foreground() {
        return dark() ? Color.web("#e6edf3") : Color.web("#1f2328");
    }

    protected Color muted() {
        return dark() ? Color.web("#8d96a0") : Color.web("#59636e");
    }

    /** The colour of a small mark drawn on a cell (a dot). */
    protected Color mark() {
        return dark() ? Color.web("#0d1117") : Color.WHITE;
    }

    /** Fills one cell; returns its drawn width (a 1 px gap between cells when they are wide enough). */
    protected double fillCell(GraphicsContext g, double x, double y, double cellWidth, Color colour) {
        double w = Math.max(1, cellWidth - (cellWidth >= 4 ? 1 : 0));
        g.setFill(colour);
        g.fillRect(x, y, w, geometry.rowHeight());
        return w;
    }

    /** A dot in the middle of a cell. */
    protected void dot(GraphicsContext g, double x, double y, double drawnWidth, double cellWidth) {
        g.setFill(mark());
        double d = Math.min(4, cellWidth / 2);
        g.fillOval(x + drawnWidth / 2 - d / 2, y + geometry.rowHeight() / 2 - d / 2, d, d);
    }

    /** A 12 px legend swatch with its text; returns where the next one starts. */
    protected double swatch(GraphicsContext g, double x, double y, Color c, boolean dot, String text) {
        g.setFill(c);
        g.fillRect(x, y, 12, 12);
        if (dot) {
            g.setFill(mark());
            g.fillOval(x + 4, y + 4, 4, 4);
        }
        g.setFill(foreground());
        g.fillText(text, x + 18, y + 6);
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(g.getFont());
        return x + 18 + t.getLayoutBounds().getWidth() + 22;
    }

    @Override
    protected final void paint(GraphicsContext g, double w, double height) {
        if (rowCount() == 0 || w < geometry.labelWidth() + 20) {
            return;
        }
        double cw = cellWidth();
        g.setTextBaseline(VPos.CENTER);
        double y = geometry.top();
        for (int row = 0; row < rowCount(); row++) {
            drawRow(g, row, y, cw);
            y += geometry.rowHeight() + geometry.rowGap();
        }
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        drawLegend(g, y + 2);
    }

    /** The two-line label of a row: the layer name in bold, a muted detail line under it. */
    protected void rowLabel(GraphicsContext g, double y, String title, String detail) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(foreground());
        g.setFont(Font.font(null, FontWeight.BOLD, 12));
        g.fillText(title, 0, y + geometry.rowHeight() / 2 - 4);
        g.setFill(muted());
        g.setFont(Font.font(10));
        g.fillText(detail, 0, y + geometry.rowHeight() / 2 + 7);
    }

    /** The frame around a row of {@code channels} cells. */
    protected void rowFrame(GraphicsContext g, double y, int channels, double cellWidth) {
        g.setStroke(dark() ? Color.web("#30363d") : Color.web("#d0d7de"));
        g.setLineWidth(1);
        g.strokeRect(geometry.labelWidth() - 0.5, y - 0.5, channels * cellWidth + 1, geometry.rowHeight() + 1);
    }
}
