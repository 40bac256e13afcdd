package dev.bitflow.app.view.inspector;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The bit-flow diagram: one lane per layer, left to right. The upper band is the feature map each layer
 * hands on, its thickness the activation bits (log scale, so a 32x drop from float to binary is visible
 * next to a 4x drop from pooling), coloured by precision (binary blue, float orange); after fusion a BN or
 * sign layer materialises nothing and shows as a dashed hairline. The lower bars are the bits each layer
 * stores (weights, biases, per-channel parameters), coloured by weight precision. Totals and the
 * compression ratio sit in the top right.
 */
public final class BitFlowDiagram extends ThemedCanvasPane {
    static final Color BINARY = Color.web("#2f81f7");
    static final Color FLOAT = Color.web("#d4761c");
    static final Color OTHER = Color.web("#8c959f");

    private final ObjectProperty<Ledger> ledger = new SimpleObjectProperty<>();

    public BitFlowDiagram() {
        setMinHeight(220);
        ledger.addListener((o, a, b) -> repaint());
    }

    public ObjectProperty<Ledger> ledgerProperty() {
        return ledger;
    }

    @Override
    protected double prefHeightAt(double width) {
        return 300;
    }

    @Override
    protected void paint(GraphicsContext g, double w, double h) {
        Ledger l = ledger.get();
        if (l == null || l.layers().isEmpty() || w < 50 || h < 50) {
            return;
        }
        Color fg = dark() ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark() ? Color.web("#8d96a0") : Color.web("#59636e");
        Color grid = dark() ? Color.web("#30363d") : Color.web("#d0d7de");
        List<LayerLedger> layers = l.layers();
        int n = layers.size() + 1; // the input column, then one per layer
        double left = 118;
        double right = 16;
        double top = 48;
        double colW = (w - left - right) / n;
        double bandH = Math.max(60, (h - top) * 0.42);
        double barsTop = top + bandH + 44;
        double barsH = Math.max(30, h - barsTop - 30);

        long inputBits = layers.get(0).input().size() * (layers.get(0).inputPrecision() == Precision.BINARY ? 1 : 32);
        long maxAct = inputBits;
        long maxStored = 1;
        for (LayerLedger r : layers) {
            maxAct = Math.max(maxAct, r.activationBits());
            maxStored = Math.max(maxStored, r.storedBits());
        }

        // Titles and totals.
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(fg);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.fillText(l.network() + (l.fused() ? "  \u2014 after BatchShift fusion" : "  \u2014 as defined"), 8, 16);
        var t = l.totals();
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.format(Locale.ROOT, "fp32 %s  \u2192  fused %s   (%.1f\u00d7 smaller)",
                InspectorViewModel.bytes(t.fp32Bytes()), InspectorViewModel.bytes(t.fusedBytes()), t.compressionRatio()), w - 8, 16);
        g.setFont(Font.font(11));
        g.setFill(muted);
        g.fillText(String.format(Locale.ROOT, "%s of %s MACs binary  \u00b7  %s activation bits per image",
                InspectorViewModel.percent(t.binaryMacFraction()), InspectorViewModel.count(t.macs()),
                InspectorViewModel.count(t.activationBits())), w - 8, 34);
        legend(g, 8, 34, fg);

        // Row labels.
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(muted);
        g.setFont(Font.font(null, FontWeight.BOLD, 11));
        g.fillText("Activation bits", 8, top + bandH / 2 - 8);
        g.setFont(Font.font(10));
        g.fillText("per image (log)", 8, top + bandH / 2 + 8);
        g.setFont(Font.font(null, FontWeight.BOLD, 11));
        g.fillText("Stored bits", 8, barsTop + barsH / 2 - 8);
        g.setFont(Font.font(10));
        g.fillText("parameters (log)", 8, barsTop + barsH / 2 + 8);

        // The band.
        double cy = top + bandH / 2;
        double prevX = -1;
        double prevT = 0;
        Color prevC = null;
        for (int i = 0; i < n; i++) {
            long bits = i == 0 ? inputBits : layers.get(i - 1).activationBits();
            Precision p = i == 0 ? layers.get(0).inputPrecision() : layers.get(i - 1).outputPrecision();
            double x0 = left + i * colW + colW * 0.18;
            double x1 = left + (i + 1) * colW - colW * 0.18;
            double thick = bits == 0 ? 0 : 3 + (bandH - 6) * Math.log1p(bits) / Math.log1p(maxAct);
            Color c = p == Precision.BINARY ? BINARY : FLOAT;
            if (prevC != null && thick > 0 && prevT > 0) {
                boolean bridge = x0 - prevX > colW * 0.5; // spans fused layers that materialise nothing
                g.setFill(prevC.interpolate(c, 0.5).deriveColor(0, 1, 1, bridge ? 0.22 : 0.45));
                g.fillPolygon(new double[] {prevX, x0, x0, prevX}, new double[] {cy - prevT / 2, cy - thick / 2, cy + thick / 2, cy + prevT / 2}, 4);
            }
            if (thick > 0) {
                g.setFill(c);
                g.fillRect(x0, cy - thick / 2, x1 - x0, thick);
                prevX = x1;
                prevT = thick;
                prevC = c;
            } else {
                g.setStroke(muted);
                g.setLineDashes(3, 3);
                g.strokeLine(x0 - colW * 0.18, cy, x1 + colW * 0.18, cy);
                g.setLineDashes((double[]) null);
            }
            // Column labels.
            String name = i == 0 ? "input" : layers.get(i - 1).name();
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(fg);
            g.setFont(Font.font(null, FontWeight.BOLD, colW < 60 ? 9 : 10.5));
            label(g, name, left + (i + 0.5) * colW, top + bandH + 10, colW);
            g.setFill(muted);
            g.setFont(Font.font(colW < 60 ? 8.5 : 10));
            String sub = bits == 0 && i > 0 && layers.get(i - 1).fusedInto() != null
                    ? "\u2192 " + layers.get(i - 1).fusedInto() : shortBits(bits);
            label(g, sub, left + (i + 0.5) * colW, top + bandH + 24, colW);
        }

        // Stored-bits bars.
        g.setStroke(grid);
        g.setLineWidth(1);
        g.strokeLine(left, barsTop + barsH, w - right, barsTop + barsH);
        for (int i = 1; i < n; i++) {
            LayerLedger r = layers.get(i - 1);
            long bits = r.storedBits();
            if (bits == 0) {
                continue;
            }
            double bh = barsH * Math.log1p(bits) / Math.log1p(maxStored);
            double x0 = left + i * colW + colW * 0.25;
            double bw = colW * 0.5;
            Color c = r.weightPrecision() == Precision.BINARY ? BINARY : r.weightPrecision() == Precision.FLOAT ? FLOAT : OTHER;
            g.setFill(c);
            g.fillRect(x0, barsTop + barsH - bh, bw, bh);
            g.setFill(muted);
            g.setFont(Font.font(colW < 60 ? 8.5 : 10));
            g.setTextAlign(TextAlignment.CENTER);
            label(g, shortBits(bits), x0 + bw / 2, barsTop + barsH + 12, colW);
        }
    }

    private static void legend(GraphicsContext g, double x, double y, Color fg) {
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(11));
        double cx = x;
        for (Object[] e : new Object[][] {{BINARY, "binary (1 bit)"}, {FLOAT, "float (32 bit)"}, {OTHER, "per-channel SF / BN"}}) {
            g.setFill((Color) e[0]);
            g.fillRect(cx, y - 5, 10, 10);
            g.setFill(fg);
            g.fillText((String) e[1], cx + 14, y);
            cx += 14 + 7 * ((String) e[1]).length() + 16;
        }
    }

    private static String shortBits(long bits) {
        return InspectorViewModel.count(bits).replace(" ", "");
    }

    /**
     * A column label in the current font: condensed to the column's width when it is up to a third too wide
     * ("flatten", "softmax" at 1024x700), cut with "..." only when it is wider still.
     */
    private static void label(GraphicsContext g, String s, double x, double y, double colW) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text(s);
        probe.setFont(g.getFont());
        double room = colW - 4;
        double width = probe.getLayoutBounds().getWidth();
        if (width <= room) {
            g.fillText(s, x, y);
        } else if (width <= room * 1.35) {
            g.fillText(s, x, y, room);
        } else {
            g.fillText(fit(s, colW), x, y, room);
        }
    }

    private static String fit(String s, double width) {
        int max = Math.max(3, (int) (width / 6.2));
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
