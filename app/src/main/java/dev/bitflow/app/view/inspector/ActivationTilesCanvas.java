package dev.bitflow.app.view.inspector;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.engine.api.analysis.ActivationMap;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * One layer's binary activation maps as black-and-white tiles: one small tile per channel (its height x width
 * bits, white = +1, black = \u22121), wrapped to the available width. A dense layer (1 x 1 per channel) gets one
 * square per unit. Tiles are scaled up to {@link #MAX_TILE} pixels.
 */
public final class ActivationTilesCanvas extends ThemedCanvasPane {
    static final double GAP = 3;
    static final double MAX_TILE = 44;

    private ActivationMap map;

    public ActivationTilesCanvas() {
        setMinWidth(60);
    }

    public void show(ActivationMap m) {
        this.map = m;
        requestLayout();
        repaint();
    }

    /** Pixels per bit. */
    private double scale() {
        if (map == null) {
            return 1;
        }
        int side = Math.max(map.height(), map.width());
        return side == 1 ? 10 : Math.max(1, Math.floor(MAX_TILE / side));
    }

    private double tileW() {
        return map == null ? 0 : map.width() * scale();
    }

    private double tileH() {
        return map == null ? 0 : map.height() * scale();
    }

    private int perRow(double width) {
        return Math.max(1, (int) Math.floor((width - 2 + GAP) / (tileW() + GAP)));
    }

    @Override
    protected double prefHeightAt(double width) {
        if (map == null) {
            return 0;
        }
        double w = width > 0 ? width : 700;
        int rows = (map.channels() + perRow(w) - 1) / perRow(w);
        return 2 + rows * (tileH() + GAP);
    }

    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected double prefWidthAt(double height) {
        return 700;
    }

    @Override
    protected void paint(GraphicsContext g, double width, double height) {
        if (map == null || width <= 0) {
            return;
        }
        double s = scale();
        int perRow = perRow(width);
        Color frame = dark() ? Color.web("#484f58") : Color.web("#8c959f");
        for (int c = 0; c < map.channels(); c++) {
            double x0 = 1 + (c % perRow) * (tileW() + GAP);
            double y0 = 1 + (c / perRow) * (tileH() + GAP);
            g.setFill(Color.BLACK);
            g.fillRect(x0, y0, tileW(), tileH());
            g.setFill(Color.WHITE);
            for (int y = 0; y < map.height(); y++) {
                for (int x = 0; x < map.width(); x++) {
                    if (map.plusOne(c, y, x)) {
                        g.fillRect(x0 + x * s, y0 + y * s, s, s);
                    }
                }
            }
            g.setStroke(frame);
            g.setLineWidth(1);
            g.strokeRect(x0 - 0.5, y0 - 0.5, tileW() + 1, tileH() + 1);
        }
    }
}
