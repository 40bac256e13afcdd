package dev.bitflow.app.view.batchshift;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.geometry.VPos;
import javafx.scene.text.TextAlignment;
import java.util.List;

/**
 * Per layer (rows) and channel (cells) the fraction of activation bits where the fused network disagrees
 * with the float path: a full-agreement cell is drawn in a calm colour, any mismatch in red whose strength
 * grows with the fraction (log scale, so a single bit in a million is still visible).
 */
public final class MismatchHeatMap extends Pane {
    private final Canvas canvas = new Canvas();
    private double[][] values = new double[0][];
    private List<String> names = List.of();
    private boolean dark;

    public MismatchHeatMap() {
        getChildren().add(canvas);
        setMinHeight(90);
    }

    public void set(List<String> layerNames, double[][] fractions, boolean darkTheme) {
        this.names = List.copyOf(layerNames);
        this.values = fractions;
        this.dark = darkTheme;
        draw();
    }

    public void setDark(boolean darkTheme) {
        this.dark = darkTheme;
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
        if (values.length == 0 || w < 40) {
            return;
        }
        Color fg = dark ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color ok = dark ? Color.web("#1f6f43") : Color.web("#a7e3b9");
        Color empty = dark ? Color.web("#30363d") : Color.web("#eaeef2");
        double left = 90;
        double rowH = Math.min(26, (h - 4) / values.length);
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        for (int r = 0; r < values.length; r++) {
            double y = 2 + r * rowH;
            g.setFill(fg);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(r < names.size() ? names.get(r) : "", 4, y + rowH / 2);
            double[] row = values[r];
            if (row.length == 0) {
                g.setFill(empty);
                g.fillRect(left, y + 2, w - left - 6, rowH - 4);
                continue;
            }
            double cw = (w - left - 6) / row.length;
            for (int c = 0; c < row.length; c++) {
                double f = row[c];
                Color col = f <= 0 ? ok : Color.web("#cf222e").deriveColor(0, 1, 1,
                        Math.min(1, 0.35 + 0.65 * (Math.log10(f) + 6) / 6));
                g.setFill(col);
                g.fillRect(left + c * cw, y + 2, Math.max(1, cw - (cw > 4 ? 1 : 0)), rowH - 4);
            }
        }
    }
}
