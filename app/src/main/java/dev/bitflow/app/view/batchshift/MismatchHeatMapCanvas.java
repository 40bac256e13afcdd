package dev.bitflow.app.view.batchshift;

import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.Cell;
import dev.bitflow.app.viewmodel.batchshift.MismatchHeatMap.CellKind;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
 * The verification heat map: one row per fused layer, one cell per output channel (rows as wide as the
 * widest layer, narrower layers end early). Cells where the fused bits equal the float path's everywhere are
 * a calm green; cells whose only differences are float32 rounding ties of the float path are violet with a
 * dot; cells with real mismatches are red, stronger with more of them. A legend sits under the rows. The
 * cell under the mouse is {@link #hoveredProperty()}.
 */
public final class MismatchHeatMapCanvas extends Pane {
    static final double LABEL_WIDTH = 96;
    static final double ROW_HEIGHT = 20;
    static final double ROW_GAP = 8;
    static final double LEGEND_HEIGHT = 20;
    static final double MAX_CELL = 16;
    /** Room right of the rows for each layer's totals. */
    static final double SUMMARY_WIDTH = 210;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<MismatchHeatMap> map = new SimpleObjectProperty<>();
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Cell> hovered = new ReadOnlyObjectWrapper<>();

    public MismatchHeatMapCanvas() {
        getChildren().add(canvas);
        map.addListener((o, a, b) -> {
            requestLayout();
            draw();
        });
        dark.addListener((o, a, b) -> draw());
        setOnMouseMoved(e -> hovered.set(cellAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hovered.set(null));
    }

    public ObjectProperty<MismatchHeatMap> mapProperty() {
        return map;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The cell under the mouse, or null. */
    public ReadOnlyObjectProperty<Cell> hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    @Override
    protected double computePrefHeight(double width) {
        MismatchHeatMap m = map.get();
        int rows = m == null ? 0 : m.rows().size();
        return 8 + rows * (ROW_HEIGHT + ROW_GAP) + LEGEND_HEIGHT;
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

    /** Width of one cell for the current size. */
    double cellWidth() {
        MismatchHeatMap m = map.get();
        if (m == null || m.maxChannels() == 0) {
            return MAX_CELL;
        }
        return Math.min(MAX_CELL, Math.max(1, (getWidth() - LABEL_WIDTH - SUMMARY_WIDTH - 12) / m.maxChannels()));
    }

    /** The cell at a point of this pane, or null. */
    public Cell cellAt(double px, double py) {
        MismatchHeatMap m = map.get();
        if (m == null) {
            return null;
        }
        int row = (int) Math.floor((py - 8) / (ROW_HEIGHT + ROW_GAP));
        double inRow = (py - 8) - row * (ROW_HEIGHT + ROW_GAP);
        if (inRow < 0 || inRow > ROW_HEIGHT || px < LABEL_WIDTH) {
            return null;
        }
        return m.cell(row, (int) Math.floor((px - LABEL_WIDTH) / cellWidth()));
    }

    /** Fill colour of a cell. */
    Color colour(Cell c) {
        return switch (c.kind()) {
            case AGREE -> dark.get() ? Color.web("#2ea043", 0.55) : Color.web("#2da44e", 0.45);
            case TIES_ONLY -> dark.get() ? Color.web("#a371f7") : Color.web("#8250df");
            case MISMATCH -> Color.web(dark.get() ? "#f85149" : "#cf222e", c.intensity());
        };
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        MismatchHeatMap m = map.get();
        if (m == null || w < LABEL_WIDTH + 20) {
            return;
        }
        Color fg = dark.get() ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark.get() ? Color.web("#8d96a0") : Color.web("#59636e");
        Color grid = dark.get() ? Color.web("#30363d") : Color.web("#d0d7de");
        double cw = cellWidth();
        g.setTextBaseline(VPos.CENTER);
        double y = 8;
        for (MismatchHeatMap.Row row : m.rows()) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(fg);
            g.setFont(Font.font(null, FontWeight.BOLD, 12));
            g.fillText(row.layer(), 0, y + ROW_HEIGHT / 2 - 5);
            g.setFill(muted);
            g.setFont(Font.font(10));
            g.fillText(row.cells().size() + " ch", 0, y + ROW_HEIGHT / 2 + 7);
            for (Cell c : row.cells()) {
                double x = LABEL_WIDTH + c.channel() * cw;
                g.setFill(colour(c));
                g.fillRect(x, y, Math.max(1, cw - (cw >= 4 ? 1 : 0)), ROW_HEIGHT);
                if (c.kind() == CellKind.TIES_ONLY && cw >= 5) {
                    g.setFill(dark.get() ? Color.web("#0d1117") : Color.WHITE);
                    double d = Math.min(4, cw / 2);
                    g.fillOval(x + (cw - 1) / 2 - d / 2, y + ROW_HEIGHT / 2 - d / 2, d, d);
                }
            }
            g.setStroke(grid);
            g.setLineWidth(1);
            g.strokeRect(LABEL_WIDTH - 0.5, y - 0.5, row.cells().size() * cw + 1, ROW_HEIGHT + 1);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFont(Font.font(11));
            long outside = row.mismatches() - row.ties();
            g.setFill(outside > 0 ? colour(new Cell("", 0, 1, 1, 0)) : fg);
            g.fillText(String.format(java.util.Locale.ROOT, "%.4f%% agree", row.bits() == 0 ? 100.0
                    : 100.0 * (row.bits() - row.mismatches()) / row.bits()), LABEL_WIDTH + m.maxChannels() * cw + 12,
                    y + ROW_HEIGHT / 2 - 5);
            g.setFill(muted);
            g.fillText(String.format(java.util.Locale.ROOT, "%,d bits, %,d differ (%,d at ties)", row.bits(), row.mismatches(),
                    row.ties()), LABEL_WIDTH + m.maxChannels() * cw + 12, y + ROW_HEIGHT / 2 + 7);
            y += ROW_HEIGHT + ROW_GAP;
        }
        legend(g, y + 2, fg);
    }

    private void legend(GraphicsContext g, double y, Color fg) {
        double x = LABEL_WIDTH;
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        x = swatch(g, x, y, colour(new Cell("", 0, 1, 0, 0)), false, "equal to the float path", fg);
        x = swatch(g, x, y, colour(new Cell("", 0, 1, 1, 1)), true, "only float32 rounding ties (not an error)", fg);
        double r = x;
        for (int i = 0; i < 4; i++) {
            double rate = Math.pow(10, -6 + 2 * i);
            g.setFill(colour(new Cell("", 0, 1_000_000, Math.max(1, Math.round(rate * 1_000_000)), 0)));
            g.fillRect(r + i * 12, y, 12, 12);
        }
        g.setFill(fg);
        g.fillText("real mismatches (shade: rate 1e-6 \u2026 1)", r + 4 * 12 + 6, y + 6);
    }

    private double swatch(GraphicsContext g, double x, double y, Color c, boolean dot, String text, Color fg) {
        g.setFill(c);
        g.fillRect(x, y, 12, 12);
        if (dot) {
            g.setFill(dark.get() ? Color.web("#0d1117") : Color.WHITE);
            g.fillOval(x + 4, y + 4, 4, 4);
        }
        g.setFill(fg);
        g.fillText(text, x + 18, y + 6);
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(g.getFont());
        return x + 18 + t.getLayoutBounds().getWidth() + 22;
    }
}
