package dev.bitflow.app.view.accuracy;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.viewmodel.accuracy.ConfusionMatrix;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The confusion matrix: true classes as rows, predicted classes as columns, each cell shaded by its share of the
 * row (the diagonal in blue, mistakes in orange, stronger with more) with its count written in it when it fits.
 * Class names label rows and columns; hovering a cell names it ({@link #hoverTextProperty()}).
 */
public final class ConfusionMatrixCanvas extends ThemedCanvasPane {
    private static final double LABEL_W = 118;
    private static final double HEADER_H = 96;
    private final ObjectProperty<ConfusionMatrix> matrix = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper("");
    private double cell;

    public ConfusionMatrixCanvas() {
        matrix.addListener((o, a, b) -> repaint());
        setOnMouseMoved(e -> hoverText.set(textAt(e.getX(), e.getY())));
        setOnMouseExited(e -> hoverText.set(""));
        setMinSize(200, 200);
    }

    public ObjectProperty<ConfusionMatrix> matrixProperty() {
        return matrix;
    }

    /** What the cell under the mouse holds, or "". */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    /** The hover text of the cell at a point of this pane, or "". */
    public String textAt(double x, double y) {
        ConfusionMatrix m = matrix.get();
        if (m == null || cell <= 0) {
            return "";
        }
        int p = (int) Math.floor((x - LABEL_W) / cell);
        int t = (int) Math.floor((y - HEADER_H) / cell);
        return t >= 0 && p >= 0 && t < m.size() && p < m.size() ? m.describe(t, p) : "";
    }

    @Override
    protected void paint(GraphicsContext g, double width, double height) {
        ConfusionMatrix m = matrix.get();
        if (m == null || m.size() == 0) {
            return;
        }
        int n = m.size();
        cell = Math.max(8, Math.min(56, Math.min((width - LABEL_W - 56) / n, (height - HEADER_H - 38) / n)));
        Color fg = dark() ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark() ? Color.web("#9198a1") : Color.web("#59636e");
        Color grid = dark() ? Color.web("#30363d") : Color.web("#d0d7de");
        Font small = Font.font(Math.min(12, Math.max(9, cell / 3.2)));
        g.setFont(small);
        g.setTextBaseline(VPos.CENTER);
        // Column labels, turned to fit long class names.
        for (int p = 0; p < n; p++) {
            g.save();
            g.translate(LABEL_W + (p + 0.5) * cell, HEADER_H - 6);
            g.rotate(-55);
            g.setFill(fg);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(m.classes().get(p), 0, 0);
            g.restore();
        }
        g.setFill(muted);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("predicted \u2192", 4, 12);
        g.fillText("true \u2193", 4, HEADER_H - 10);
        for (int t = 0; t < n; t++) {
            double y = HEADER_H + t * cell;
            g.setFill(fg);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(m.classes().get(t), LABEL_W - 6, y + cell / 2);
            for (int p = 0; p < n; p++) {
                double x = LABEL_W + p * cell;
                double share = m.share(t, p);
                Color base = t == p ? Color.web(dark() ? "#388bfd" : "#0969da") : Color.web(dark() ? "#f0883e" : "#bc4c00");
                g.setFill(share == 0 ? Color.TRANSPARENT : Color.color(base.getRed(), base.getGreen(), base.getBlue(),
                        Math.min(1, 0.12 + 0.88 * Math.sqrt(share))));
                g.fillRect(x, y, cell, cell);
                g.setStroke(grid);
                g.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
                if (m.counts()[t][p] > 0 && cell >= 22) {
                    g.setTextAlign(TextAlignment.CENTER);
                    g.setFont(t == p ? Font.font(small.getFamily(), FontWeight.BOLD, small.getSize()) : small);
                    g.setFill(share > 0.45 ? Color.WHITE : fg);
                    g.fillText(Integer.toString(m.counts()[t][p]), x + cell / 2, y + cell / 2);
                    g.setFont(small);
                }
            }
        }
        g.setFill(muted);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Shade: share of the true class's test images;", LABEL_W, HEADER_H + n * cell + 14);
        g.fillText("blue: correct, orange: taken for another class.", LABEL_W, HEADER_H + n * cell + 28);
    }
}
