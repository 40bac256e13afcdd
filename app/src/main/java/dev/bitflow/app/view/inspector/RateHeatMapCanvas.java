package dev.bitflow.app.view.inspector;

import dev.bitflow.app.viewmodel.inspector.RateHeatMap;
import dev.bitflow.app.viewmodel.inspector.RateHeatMap.CellKind;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The per-channel +1 rate heat map: one row per binary layer, one cell per channel, a diverging scale from
 * orange (always \u22121) through a neutral grey (balanced, rate 0.5) to blue (always +1). Dead (constant)
 * channels are crossed, nearly-constant ones carry a dot. A legend sits under the rows; the sentence of the
 * cell under the mouse is {@link #hoveredProperty()}.
 */
public final class RateHeatMapCanvas extends Pane {
    static final double LABEL_WIDTH = 150;
    /** Where the cells start (tests hover them). */
    public static final double LABEL_WIDTH_FOR_TESTS = LABEL_WIDTH;
    static final double ROW_HEIGHT = 22;
    static final double ROW_GAP = 6;
    static final double LEGEND_HEIGHT = 22;
    static final double MAX_CELL = 14;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<ActivationRates> rates = new SimpleObjectProperty<>();
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper hovered = new ReadOnlyStringWrapper("");

    public RateHeatMapCanvas() {
        getChildren().add(canvas);
        rates.addListener((o, a, b) -> {
            requestLayout();
            draw();
        });
        dark.addListener((o, a, b) -> draw());
        setOnMouseMoved(e -> hovered.set(describeAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hovered.set(""));
    }

    public ObjectProperty<ActivationRates> ratesProperty() {
        return rates;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The sentence of the cell under the mouse, or empty. */
    public ReadOnlyStringProperty hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    @Override
    protected double computePrefHeight(double width) {
        ActivationRates r = rates.get();
        int rows = r == null ? 0 : r.layers().size();
        return 6 + rows * (ROW_HEIGHT + ROW_GAP) + LEGEND_HEIGHT;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private int maxChannels() {
        ActivationRates r = rates.get();
        return r == null ? 0 : r.layers().stream().mapToInt(LayerActivationRates::channels).max().orElse(0);
    }

    double cellWidth() {
        int n = maxChannels();
        return n == 0 ? MAX_CELL : Math.min(MAX_CELL, Math.max(1, (getWidth() - LABEL_WIDTH - 8) / n));
    }

    /** The hover sentence at a point of this pane, or empty. */
    public String describeAt(double px, double py) {
        ActivationRates r = rates.get();
        if (r == null || px < LABEL_WIDTH) {
            return "";
        }
        int row = (int) Math.floor((py - 6) / (ROW_HEIGHT + ROW_GAP));
        double inRow = (py - 6) - row * (ROW_HEIGHT + ROW_GAP);
        if (row < 0 || row >= r.layers().size() || inRow > ROW_HEIGHT) {
            return "";
        }
        LayerActivationRates layer = r.layers().get(row);
        int channel = (int) Math.floor((px - LABEL_WIDTH) / cellWidth());
        return channel < 0 || channel >= layer.channels() ? "" : RateHeatMap.describe(layer, channel, r.threshold());
    }

    /** Diverging colour of a rate: orange (0) - neutral (0.5) - blue (1). */
    Color colour(double rate) {
        double d = RateHeatMap.diverging(rate);
        Color neutral = dark.get() ? Color.web("#3d444d") : Color.web("#eaeef2");
        Color minus = dark.get() ? Color.web("#f0883e") : Color.web("#bc4c00");
        Color plus = dark.get() ? Color.web("#58a6ff") : Color.web("#0969da");
        return d < 0 ? neutral.interpolate(minus, -d) : neutral.interpolate(plus, d);
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        ActivationRates r = rates.get();
        if (r == null || w < LABEL_WIDTH + 20) {
            return;
        }
        Color fg = dark.get() ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark.get() ? Color.web("#8d96a0") : Color.web("#59636e");
        Color grid = dark.get() ? Color.web("#30363d") : Color.web("#d0d7de");
        Color mark = dark.get() ? Color.web("#0d1117") : Color.WHITE;
        double cw = cellWidth();
        g.setTextBaseline(VPos.CENTER);
        double y = 6;
        for (LayerActivationRates layer : r.layers()) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(fg);
            g.setFont(Font.font(null, FontWeight.BOLD, 12));
            g.fillText(layer.layer(), 0, y + ROW_HEIGHT / 2 - 4);
            g.setFill(muted);
            g.setFont(Font.font(10));
            g.fillText(layer.block() + " \u00b7 " + layer.channels() + " ch" + (layer.constant() > 0 ? " \u00b7 "
                    + layer.constant() + " dead" : ""), 0, y + ROW_HEIGHT / 2 + 7);
            for (int c = 0; c < layer.channels(); c++) {
                double x = LABEL_WIDTH + c * cw;
                double rate = layer.rate(c);
                double cellW = Math.max(1, cw - (cw >= 4 ? 1 : 0));
                g.setFill(colour(rate));
                g.fillRect(x, y, cellW, ROW_HEIGHT);
                CellKind kind = RateHeatMap.kind(rate, r.threshold());
                if (kind == CellKind.CONSTANT) {
                    g.setStroke(dark.get() ? Color.web("#ff7b72") : Color.web("#cf222e"));
                    g.setLineWidth(cw >= 6 ? 1.5 : 1);
                    g.strokeLine(x, y, x + cellW, y + ROW_HEIGHT);
                    g.strokeLine(x + cellW, y, x, y + ROW_HEIGHT);
                } else if (kind == CellKind.NEARLY_CONSTANT && cw >= 4) {
                    g.setFill(mark);
                    double d = Math.min(4, cw / 2);
                    g.fillOval(x + cellW / 2 - d / 2, y + ROW_HEIGHT / 2 - d / 2, d, d);
                }
            }
            g.setStroke(grid);
            g.setLineWidth(1);
            g.strokeRect(LABEL_WIDTH - 0.5, y - 0.5, layer.channels() * cw + 1, ROW_HEIGHT + 1);
            y += ROW_HEIGHT + ROW_GAP;
        }
        legend(g, y + 2, fg, mark);
    }

    private void legend(GraphicsContext g, double y, Color fg, Color mark) {
        double x = LABEL_WIDTH;
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(fg);
        g.fillText("+1 rate  0", x, y + 6);
        x += 60;
        for (int i = 0; i <= 20; i++) {
            g.setFill(colour(i / 20.0));
            g.fillRect(x + i * 6, y, 6, 12);
        }
        x += 21 * 6 + 6;
        g.setFill(fg);
        g.fillText("1   (0.5 = balanced)", x, y + 6);
        x += 150;
        g.setFill(colour(1.0));
        g.fillRect(x, y, 12, 12);
        g.setStroke(dark.get() ? Color.web("#ff7b72") : Color.web("#cf222e"));
        g.setLineWidth(1.5);
        g.strokeLine(x, y, x + 12, y + 12);
        g.strokeLine(x + 12, y, x, y + 12);
        g.setFill(fg);
        g.fillText("dead (constant)", x + 18, y + 6);
        x += 130;
        g.setFill(colour(0.995));
        g.fillRect(x, y, 12, 12);
        g.setFill(mark);
        g.fillOval(x + 4, y + 4, 4, 4);
        g.setFill(fg);
        g.fillText("nearly constant", x + 18, y + 6);
    }
}
