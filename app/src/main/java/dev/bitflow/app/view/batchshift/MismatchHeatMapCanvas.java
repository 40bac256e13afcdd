package dev.bitflow.app.view.batchshift;

import dev.bitflow.app.view.ChannelRowsCanvas;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.Cell;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.CellKind;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The verification heat map: one row per fused layer, one cell per output channel (rows as wide as the
 * widest layer, narrower layers end early). Cells where the fused bits equal the float path's everywhere are
 * a calm green; cells whose only differences are float32 rounding ties of the float path are violet with a
 * dot; cells with real mismatches are red, stronger with more of them. Each row's totals stand right of it,
 * a legend under the rows. The cell under the mouse is {@link #hoveredProperty()}.
 */
public final class MismatchHeatMapCanvas extends ChannelRowsCanvas {
    /** 210 px right of the rows hold each layer's totals. */
    private static final Geometry GEOMETRY = new Geometry(96, 20, 8, 8, 20, 16, 214);

    private final ObjectProperty<MismatchHeatMap> map = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Cell> hovered = new ReadOnlyObjectWrapper<>();

    public MismatchHeatMapCanvas() {
        super(GEOMETRY);
        map.addListener((o, a, b) -> dataChanged());
        setOnMouseMoved(e -> hovered.set(cellAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hovered.set(null));
    }

    public ObjectProperty<MismatchHeatMap> mapProperty() {
        return map;
    }

    /** The cell under the mouse, or null. */
    public ReadOnlyObjectProperty<Cell> hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    @Override
    protected int rowCount() {
        return map.get() == null ? 0 : map.get().rows().size();
    }

    @Override
    protected int maxChannels() {
        return map.get() == null ? 0 : map.get().maxChannels();
    }

    /** The cell at a point of this pane, or null. */
    public Cell cellAt(double px, double py) {
        Hit hit = hitAt(px, py);
        return hit == null ? null : map.get().cell(hit.row(), hit.channel());
    }

    /** Fill colour of a cell. */
    Color colour(Cell c) {
        return switch (c.kind()) {
            case AGREE -> dark() ? Color.web("#2ea043", 0.55) : Color.web("#2da44e", 0.45);
            case TIES_ONLY -> dark() ? Color.web("#a371f7") : Color.web("#8250df");
            case MISMATCH -> Color.web(dark() ? "#f85149" : "#cf222e", c.intensity());
        };
    }

    @Override
    protected void drawRow(GraphicsContext g, int index, double y, double cw) {
        MismatchHeatMap m = map.get();
        MismatchHeatMap.Row row = m.rows().get(index);
        rowLabel(g, y, row.layer(), row.cells().size() + " ch");
        for (Cell c : row.cells()) {
            double x = geometry.labelWidth() + c.channel() * cw;
            double cellW = fillCell(g, x, y, cw, colour(c));
            if (c.kind() == CellKind.TIES_ONLY && cw >= 5) {
                dot(g, x, y, cellW, cw);
            }
        }
        rowFrame(g, y, row.cells().size(), cw);
        double tx = geometry.labelWidth() + m.maxChannels() * cw + 12;
        double mid = y + geometry.rowHeight() / 2;
        g.setFont(javafx.scene.text.Font.font(11));
        long outside = row.mismatches() - row.ties();
        g.setFill(outside > 0 ? colour(new Cell("", 0, 1, 1, 0)) : foreground());
        g.fillText(String.format(Locale.ROOT, "%.4f%% agree", row.bits() == 0 ? 100.0
                : 100.0 * (row.bits() - row.mismatches()) / row.bits()), tx, mid - 5);
        g.setFill(muted());
        g.fillText(String.format(Locale.ROOT, "%,d bits, %,d differ (%,d at ties)", row.bits(), row.mismatches(),
                row.ties()), tx, mid + 7);
    }

    @Override
    protected void drawLegend(GraphicsContext g, double y) {
        double x = swatch(g, geometry.labelWidth(), y, colour(new Cell("", 0, 1, 0, 0)), false,
                "equal to the float path");
        x = swatch(g, x, y, colour(new Cell("", 0, 1, 1, 1)), true, "only float32 rounding ties (not an error)");
        for (int i = 0; i < 4; i++) {
            double rate = Math.pow(10, -6 + 2 * i);
            g.setFill(colour(new Cell("", 0, 1_000_000, Math.max(1, Math.round(rate * 1_000_000)), 0)));
            g.fillRect(x + i * 12, y, 12, 12);
        }
        g.setFill(foreground());
        g.fillText("real mismatches (shade: rate 1e-6 \u2026 1)", x + 4 * 12 + 6, y + 6);
    }
}
