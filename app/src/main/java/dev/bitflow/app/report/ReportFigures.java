package dev.bitflow.app.report;

import dev.bitflow.app.chart.HistogramChart;
import dev.bitflow.app.export.ChartImages;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.api.training.EvaluationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The model report's figures as drawings ({@link ChartImages.Drawing}), light theme, for inline SVG: stored
 * size before and after fusion, the confusion matrix, and one channel's histogram of
 * integer pre-activations with its thresholds.
 */
final class ReportFigures {
    static final Color BINARY = new Color(0x2f81f7);

    private ReportFigures() {
    }

    /** Stored bytes: every weight as float32, as defined (binary weights 1 bit), after BatchShift fusion. */
    static JFreeChart sizes(LedgerTotals t) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        d.addValue(t.fp32Bytes() / 1024.0, "KiB", "all float32");
        d.addValue(t.unfusedBytes() / 1024.0, "KiB", "as defined");
        d.addValue(t.fusedBytes() / 1024.0, "KiB", "after fusion");
        JFreeChart chart = ChartFactory.createBarChart("Stored size (KiB)", null, null, d, PlotOrientation.HORIZONTAL,
                false, false, false);
        chart.getCategoryPlot().getRangeAxis().setUpperMargin(0.15); // room for the value label of the longest bar
        BarRenderer r = styled(chart);
        r.setSeriesPaint(0, BINARY);
        r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("#,##0.0")));
        r.setDefaultItemLabelsVisible(true);
        return chart;
    }

    /** The histogram of integer pre-activations of the first analysed layer's channel 0, with t and tau. */
    static JFreeChart histogram(SfLayerReport layer, SfChannelReport channel) {
        return HistogramChart.channelChart(layer.name(), channel);
    }

    private static BarRenderer styled(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d7de));
        plot.setOutlinePaint(new Color(0xd0d7de));
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        Font text = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        plot.getDomainAxis().setTickLabelFont(text);
        plot.getRangeAxis().setTickLabelFont(text);
        plot.getRangeAxis().setLabelFont(text);
        r.setDefaultItemLabelFont(text);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(text);
        }
        return r;
    }

    /**
     * The confusion matrix: one row per true class, one column per predicted class, each cell shaded by its share
     * of the row (white 0 .. blue 1) with its count; per-class accuracy at the right.
     */
    static ChartImages.Drawing confusion(EvaluationResult e) {
        return (g, width, height) -> drawConfusion(g, e, width, height);
    }

    /** The size the confusion matrix wants for {@code classes} classes. */
    static int[] confusionSize(int classes) {
        int cell = classes <= 12 ? 40 : Math.max(12, 480 / classes);
        return new int[] {150 + classes * cell + 90, 70 + classes * cell + 20};
    }

    private static void drawConfusion(Graphics2D g, EvaluationResult e, double width, double height) {
        int n = e.classNames().size();
        int[] size = confusionSize(n);
        double cell = (size[0] - 240.0) / Math.max(1, n);
        double left = 150;
        double top = 70;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, (int) Math.ceil(width), (int) Math.ceil(height));
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
        g.setFont(bold);
        g.setColor(new Color(0x1f2328));
        g.drawString("predicted class \u2192", (float) left, 14f);
        g.drawString("true class \u2193", 8f, (float) top - 8);
        g.drawString("accuracy", (float) (left + n * cell + 10), (float) top - 8);
        g.setFont(label);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < n; i++) {
            String name = e.classNames().get(i);
            g.setColor(new Color(0x1f2328));
            g.drawString(fit(name, fm, 136), 8f, (float) (top + i * cell + cell / 2 + fm.getAscent() / 2.0 - 1));
            AffineTransform t = g.getTransform();
            g.translate(left + i * cell + cell / 2 + fm.getAscent() / 2.0 - 1, top - 6);
            g.rotate(-Math.PI / 4);
            g.drawString(fit(name, fm, 64), 0f, 0f);
            g.setTransform(t);
        }
        for (int r = 0; r < n; r++) {
            List<Integer> row = e.confusion().get(r);
            long total = row.stream().mapToLong(Integer::longValue).sum();
            for (int c = 0; c < n; c++) {
                int count = row.get(c);
                double share = total == 0 ? 0 : (double) count / total;
                Color fill = mix(Color.WHITE, r == c ? BINARY : new Color(0xcf222e), Math.sqrt(share));
                double x = left + c * cell;
                double y = top + r * cell;
                g.setColor(fill);
                g.fill(new java.awt.geom.Rectangle2D.Double(x, y, cell, cell));
                g.setColor(new Color(0xd0d7de));
                g.setStroke(new BasicStroke(0.5f));
                g.draw(new java.awt.geom.Rectangle2D.Double(x, y, cell, cell));
                if (count > 0 && cell >= 18) {
                    String s = Integer.toString(count);
                    g.setColor(share > 0.45 ? Color.WHITE : new Color(0x1f2328));
                    g.drawString(s, (float) (x + (cell - fm.stringWidth(s)) / 2), (float) (y + cell / 2 + fm.getAscent() / 2.0 - 1));
                }
            }
            g.setColor(new Color(0x1f2328));
            g.drawString(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * e.perClassAccuracy().get(r)),
                    (float) (left + n * cell + 10), (float) (top + r * cell + cell / 2 + fm.getAscent() / 2.0 - 1));
        }
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "\u2026") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }

    private static Color mix(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }
}
