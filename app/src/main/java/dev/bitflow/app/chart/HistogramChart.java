package dev.bitflow.app.chart;

import dev.bitflow.engine.api.analysis.SfChannelReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A histogram of integer values (one bar per integer) with vertical threshold markers, for the integer
 * pre-activations s of one channel and the thresholds BatchNorm puts on them. The chart itself is plain
 * JFreeChart ({@link #channelChart}), so the model report draws the same figure without JavaFX.
 */
public final class HistogramChart {
    static final String X_LABEL = "s (integer dot product)";
    static final String EMPTY_TITLE = "Integer pre-activations";
    /** The markers' colours, light theme: t in red, tau in orange (the primer palette). */
    private static final Color T_LIGHT = new Color(0xcf222e);
    private static final Color TAU_LIGHT = new Color(0xbc4c00);
    /** The same in the dark theme: lighter shades that stay readable on the dark plot. */
    private static final Color T_DARK = new Color(0xff7b72);
    private static final Color TAU_DARK = new Color(0xf0883e);
    private final ChartViewer viewer;
    private boolean dark;
    private String layer = "";
    private SfChannelReport shown;

    public HistogramChart() {
        viewer = new ChartViewer(create(EMPTY_TITLE));
        viewer.setMinSize(200, 160);
        ChartZoom.follow(viewer);
    }

    public ChartViewer viewer() {
        return viewer;
    }

    /** Shows the histogram of one SF report channel, with its integer threshold t and tau; empty for null. */
    public void showChannel(String layer, SfChannelReport c) {
        this.layer = layer;
        this.shown = c;
        fill(viewer.getChart(), layer, c, ChartZoom.of(viewer), dark);
    }

    /** The histogram of one channel as a stand-alone chart (light theme). */
    public static JFreeChart channelChart(String layer, SfChannelReport c) {
        return channelChart(layer, c, false);
    }

    /** The histogram of one channel as a stand-alone chart in the light or dark theme. */
    static JFreeChart channelChart(String layer, SfChannelReport c, boolean dark) {
        JFreeChart chart = create(EMPTY_TITLE);
        fill(chart, layer, c, 1, dark);
        LineCharts.applyTheme(chart, dark);
        return chart;
    }

    private static JFreeChart create(String title) {
        XYSeriesCollection data = new XYSeriesCollection(new XYSeries("count", true, false));
        data.setIntervalWidth(1.0);
        JFreeChart chart = ChartFactory.createXYBarChart(title, X_LABEL, false, "count", data,
                PlotOrientation.VERTICAL, false, true, false);
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2f81f7));
        r.setDrawBarOutline(false);
        ChartZoom.apply(chart, 1);
        return chart;
    }

    /**
     * Puts channel {@code c}'s histogram into the chart, with a marker at the integer threshold t (between the
     * last -1 and the first +1 bar) and one at tau.
     */
    private static void fill(JFreeChart chart, String layer, SfChannelReport c, double zoom, boolean dark) {
        XYPlot plot = chart.getXYPlot();
        XYSeries bars = ((XYSeriesCollection) plot.getDataset()).getSeries(0);
        bars.clear();
        plot.clearDomainMarkers();
        if (c == null) {
            chart.setTitle(EMPTY_TITLE);
        } else {
            String rule = c.constant() ? "constant output" : c.flipped() ? "+1 when s \u2264 t" : "+1 when s \u2265 t";
            chart.setTitle(layer + " ch " + c.channel() + ": s on test images (" + rule + ")");
            long[] counts = c.histogram().counts();
            for (int i = 0; i < counts.length; i++) {
                bars.add(c.histogram().min() + i, counts[i], false);
            }
            if (!c.constant()) {
                double t = c.flipped() ? c.intThreshold() + 0.5 : c.intThreshold() - 0.5;
                plot.addDomainMarker(marker(t, "t = " + c.intThreshold(), dark ? T_DARK : T_LIGHT, 0, zoom, dark));
                if (Double.isFinite(c.tauWithAlpha())) {
                    plot.addDomainMarker(marker(c.tauWithAlpha(), String.format(Locale.ROOT, "\u03c4 = %.2f",
                            c.tauWithAlpha()), dark ? TAU_DARK : TAU_LIGHT, 1, zoom, dark));
                }
            }
        }
        bars.fireSeriesChanged();
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(ChartZoom.TITLE * (float) zoom)));
    }

    private static ValueMarker marker(double x, String label, Color colour, int i, double zoom, boolean dark) {
        ValueMarker m = new ValueMarker(x, colour, i == 0 ? new BasicStroke(2.5f)
                : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelPaint(colour);
        // On the plot's own background (nearly opaque), so the label reads over bars and grid in either theme.
        m.setLabelBackgroundColor(dark ? new Color(0x0d, 0x11, 0x17, 230) : new Color(255, 255, 255, 230));
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(11 * (float) zoom)));
        m.setLabelAnchor(i == 0 ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(i == 0 ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
        m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 16 * i, 4, 4, 4));
        return m;
    }

    public void applyTheme(boolean dark) {
        this.dark = dark;
        LineCharts.applyTheme(viewer, dark);
        fill(viewer.getChart(), layer, shown, ChartZoom.of(viewer), dark);
    }
}
