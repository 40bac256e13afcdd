package dev.bitflow.app.view.inspector;

import dev.bitflow.app.view.ChannelRowsCanvas;
import dev.bitflow.app.viewmodel.inspector.RateHeatMap;
import dev.bitflow.app.viewmodel.inspector.RateHeatMap.CellKind;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The per-channel +1 rate heat map: one row per binary layer, one cell per channel, a diverging scale from
 * orange (always \u22121) through a neutral grey (balanced, rate 0.5) to blue (always +1). Dead (constant)
 * channels are crossed, nearly-constant ones carry a dot. A legend sits under the rows; the sentence of the
 * cell under the mouse is {@link #hoveredProperty()}.
 */
public final class RateHeatMapCanvas extends ChannelRowsCanvas {
    private static final Geometry GEOMETRY = new Geometry(150, 22, 6, 6, 22, 14, 0);
    /** Where the cells start (tests hover them). */
    public static final double LABEL_WIDTH_FOR_TESTS = 150;

    private final ObjectProperty<ActivationRates> rates = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper hovered = new ReadOnlyStringWrapper("");

    public RateHeatMapCanvas() {
        super(GEOMETRY);
        rates.addListener((o, a, b) -> dataChanged());
        setOnMouseMoved(e -> hovered.set(describeAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hovered.set(""));
    }

    public ObjectProperty<ActivationRates> ratesProperty() {
        return rates;
    }

    /** The sentence of the cell under the mouse, or empty. */
    public ReadOnlyStringProperty hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    @Override
    protected int rowCount() {
        return rates.get() == null ? 0 : rates.get().layers().size();
    }

    @Override
    protected int maxChannels() {
        ActivationRates r = rates.get();
        return r == null ? 0 : r.layers().stream().mapToInt(LayerActivationRates::channels).max().orElse(0);
    }

    /** The hover sentence at a point of this pane, or empty. */
    public String describeAt(double px, double py) {
        Hit hit = hitAt(px, py);
        if (hit == null) {
            return "";
        }
        ActivationRates r = rates.get();
        LayerActivationRates layer = r.layers().get(hit.row());
        return hit.channel() < 0 || hit.channel() >= layer.channels() ? ""
                : RateHeatMap.describe(layer, hit.channel(), r.threshold());
    }

    /** Diverging colour of a rate: orange (0) - neutral (0.5) - blue (1). */
    Color colour(double rate) {
        double d = RateHeatMap.diverging(rate);
        Color neutral = dark() ? Color.web("#3d444d") : Color.web("#eaeef2");
        Color minus = dark() ? Color.web("#f0883e") : Color.web("#bc4c00");
        Color plus = dark() ? Color.web("#58a6ff") : Color.web("#0969da");
        return d < 0 ? neutral.interpolate(minus, -d) : neutral.interpolate(plus, d);
    }

    private Color deadCross() {
        return dark() ? Color.web("#ff7b72") : Color.web("#cf222e");
    }

    @Override
    protected void drawRow(GraphicsContext g, int row, double y, double cw) {
        ActivationRates r = rates.get();
        LayerActivationRates layer = r.layers().get(row);
        rowLabel(g, y, layer.layer(), layer.block() + " \u00b7 " + layer.channels() + " ch"
                + (layer.constant() > 0 ? " \u00b7 " + layer.constant() + " dead" : ""));
        double h = geometry.rowHeight();
        for (int c = 0; c < layer.channels(); c++) {
            double x = geometry.labelWidth() + c * cw;
            double rate = layer.rate(c);
            double cellW = fillCell(g, x, y, cw, colour(rate));
            CellKind kind = RateHeatMap.kind(rate, r.threshold());
            if (kind == CellKind.CONSTANT) {
                g.setStroke(deadCross());
                g.setLineWidth(cw >= 6 ? 1.5 : 1);
                g.strokeLine(x, y, x + cellW, y + h);
                g.strokeLine(x + cellW, y, x, y + h);
            } else if (kind == CellKind.NEARLY_CONSTANT && cw >= 4) {
                dot(g, x, y, cellW, cw);
            }
        }
        rowFrame(g, y, layer.channels(), cw);
    }

    @Override
    protected void drawLegend(GraphicsContext g, double y) {
        double x = geometry.labelWidth();
        g.setFill(foreground());
        g.fillText("+1 rate  0", x, y + 6);
        x += 60;
        for (int i = 0; i <= 20; i++) {
            g.setFill(colour(i / 20.0));
            g.fillRect(x + i * 6, y, 6, 12);
        }
        x += 21 * 6 + 6;
        g.setFill(foreground());
        g.fillText("1   (0.5 = balanced)", x, y + 6);
        x += 150;
        g.setFill(colour(1.0));
        g.fillRect(x, y, 12, 12);
        g.setStroke(deadCross());
        g.setLineWidth(1.5);
        g.strokeLine(x, y, x + 12, y + 12);
        g.strokeLine(x + 12, y, x, y + 12);
        g.setFill(foreground());
        g.fillText("dead (constant)", x + 18, y + 6);
        swatch(g, x + 130, y, colour(0.995), true, "nearly constant");
    }
}
