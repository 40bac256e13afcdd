package dev.bitflow.app.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Paint;
import java.awt.Shape;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The training charts' series styles, without the FX toolkit: a run keeps its colour and marker whatever its place. */
class LineChartsTest {
    private static JFreeChart chartOf(List<Integer> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int n : runs) {
            for (String what : List.of(" training (batches)", " validation")) {
                XYSeries s = new XYSeries("#" + n + what);
                s.add(1, 0.5);
                data.addSeries(s);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Loss", "epoch", "x", data, PlotOrientation.VERTICAL,
                false, false, false);
        chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, false));
        LineCharts.styleSeries(chart.getXYPlot());
        // Drawing asks for the series' shapes and paints in series order (what the renderer hands out first).
        var r = chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.getItemShape(i, 0);
            r.getItemPaint(i, 0);
        }
        return chart;
    }

    private static int index(JFreeChart chart, String key) {
        return ((XYSeriesCollection) chart.getXYPlot().getDataset()).getSeriesIndex(key);
    }

    @Test
    void aRunsValidationMarkerAndColourDependOnTheRunNotOnTheOrderItWasCharted() {
        // Before a restart run #2 was charted after run #1; afterwards it may come first (selection order).
        JFreeChart before = chartOf(List.of(1, 2));
        JFreeChart after = chartOf(List.of(2, 1));
        var rb = (XYLineAndShapeRenderer) before.getXYPlot().getRenderer();
        var ra = (XYLineAndShapeRenderer) after.getXYPlot().getRenderer();
        for (String key : List.of("#1 validation", "#2 validation", "#1 training (batches)")) {
            Shape sb = rb.getItemShape(index(before, key), 0);
            Shape sa = ra.getItemShape(index(after, key), 0);
            assertThat(ShapeUtils.equal(sa, sb)).as(key + " keeps its marker").isTrue();
            Paint pb = rb.getItemPaint(index(before, key), 0);
            Paint pa = ra.getItemPaint(index(after, key), 0);
            assertThat(pa).as(key + " keeps its colour").isEqualTo(pb);
        }
        // Two runs are told apart by their markers too (not only by colour).
        assertThat(ShapeUtils.equal(rb.getItemShape(index(before, "#1 validation"), 0),
                rb.getItemShape(index(before, "#2 validation"), 0))).isFalse();
        assertThat(rb.getItemShapeVisible(index(before, "#1 validation"), 0)).isTrue();
        assertThat(rb.getItemShapeVisible(index(before, "#1 training (batches)"), 0)).isFalse();
    }
}
