package dev.bitflow.app.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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
 * pre-activations s of one channel and the thresholds BatchNorm puts on them.
 */
public final class HistogramChart {
    private final XYSeries bars = new XYSeries("count", true, false);
    private final ChartViewer viewer;

    public HistogramChart(String title, String xLabel) {
        XYSeriesCollection data = new XYSeriesCollection(bars);
        data.setIntervalWidth(1.0);
        JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, false, "count", data,
                PlotOrientation.VERTICAL, false, true, false);
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2f81f7));
        r.setDrawBarOutline(false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        viewer = new ChartViewer(chart);
        viewer.setMinSize(200, 160);
    }

    public ChartViewer viewer() {
        return viewer;
    }

    /**
     * Shows {@code counts[i]} at x = {@code min + i} and a marker per threshold (value, label, colour; a null
     * label hides it).
     */
    public void show(String title, int min, long[] counts, double[] markers, String[] labels, Color[] colors) {
        JFreeChart chart = viewer.getChart();
        chart.setTitle(title);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        bars.clear();
        for (int i = 0; i < counts.length; i++) {
            bars.add(min + i, counts[i], false);
        }
        bars.fireSeriesChanged();
        XYPlot plot = chart.getXYPlot();
        plot.clearDomainMarkers();
        for (int i = 0; i < markers.length; i++) {
            if (labels[i] == null || !Double.isFinite(markers[i])) {
                continue;
            }
            ValueMarker m = new ValueMarker(markers[i], colors[i], i == 0 ? new BasicStroke(2.5f)
                    : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
            m.setLabel(labels[i]);
            m.setLabelPaint(colors[i]);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            m.setLabelAnchor(i == 0 ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(i == 0 ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 16 * i, 4, 4, 4));
            plot.addDomainMarker(m);
        }
    }

    public void applyTheme(boolean dark) {
        LineCharts.applyTheme(viewer, dark);
    }
}
