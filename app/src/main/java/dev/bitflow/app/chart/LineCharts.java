package dev.bitflow.app.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * JFreeChart-FX line charts styled for the workbench's light and dark themes. Series colours repeat per
 * run: solid lines for training, dashed for validation.
 */
public final class LineCharts {
    /** Run colours (colour-blind friendly order). */
    static final Color[] RUN_COLORS = {new Color(0x2f81f7), new Color(0xd4761c), new Color(0x2da44e),
            new Color(0xa475f9), new Color(0xcf222e), new Color(0x1b7c83)};

    /**
     * Run markers (validation points), in the same turn as the colours: a run's marker follows from its number, not
     * from where its series sit in the chart (JFreeChart would hand shapes out in series order, so a run charted
     * first after a restart took another run's marker). Ten shapes against six colours: no two of the first thirty
     * runs look alike.
     */
    private static final java.awt.Shape[] RUN_SHAPES = org.jfree.chart.plot.DefaultDrawingSupplier
            .createStandardSeriesShapes();

    /** Validation curves: dashed. */
    private static final BasicStroke VALIDATION_STROKE = new BasicStroke(2f, BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f);

    private LineCharts() {
    }

    public static ChartViewer create(String title, String xLabel, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        // With one or two points the automatic range would be tiny and the ticks read 2.774499E0 ten times.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeMinimumSize(0.05);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeMinimumSize(0.5);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setMinSize(200, 160);
        ChartZoom.follow(viewer);
        return viewer;
    }

    /**
     * Draws a throwaway chart like the training charts a few times into a canvas that is in no scene, so
     * that the first redraws of the real charts, while training competes for the CPU, do not run the
     * drawing code cold (measured: 24 ms for the first redraw, 3-11 ms afterwards).
     */
    public static void warmUp(int draws) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String key : new String[] {"#1 training", "#1 validation"}) {
            org.jfree.data.xy.XYSeries series = new org.jfree.data.xy.XYSeries(key);
            for (int i = 0; i < 60; i++) {
                series.add(i / 10.0, Math.exp(-i / 20.0));
            }
            data.addSeries(series);
        }
        ChartViewer viewer = create("warm-up", "epoch", "value", data);
        styleSeries(viewer);
        org.jfree.chart.fx.ChartCanvas canvas = new org.jfree.chart.fx.ChartCanvas(viewer.getChart());
        canvas.setWidth(640);
        canvas.setHeight(320);
        for (int i = 0; i < draws; i++) {
            canvas.draw();
        }
    }

    /** The marker of run {@code #number} (the shapes repeat after ten runs). */
    public static java.awt.Shape runShape(int number) {
        return RUN_SHAPES[((number - 1) % RUN_SHAPES.length + RUN_SHAPES.length) % RUN_SHAPES.length];
    }

    /** The colour of run {@code #number} (the colours repeat after six runs). */
    public static Color runColor(int number) {
        return RUN_COLORS[((number - 1) % RUN_COLORS.length + RUN_COLORS.length) % RUN_COLORS.length];
    }

    /** Colours series by run (key prefix "#n"), dashed when the key contains "validation". */
    public static void styleSeries(ChartViewer viewer) {
        styleSeries(viewer.getChart().getXYPlot());
    }

    /** Colours series by run (key prefix "#n"), dashed when the key contains "validation". */
    public static void styleSeries(XYPlot plot) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = String.valueOf(data.getSeriesKey(i));
            int run = runNumber(key);
            r.setSeriesPaint(i, runColor(run));
            r.setSeriesShape(i, runShape(run));
            boolean validation = key.contains("validation");
            boolean epoch = key.contains("epoch") || validation;
            r.setSeriesShapesVisible(i, epoch);
            r.setSeriesStroke(i, validation ? VALIDATION_STROKE : new BasicStroke(epoch ? 2f : 1f));
        }
    }

    private static int runNumber(String key) {
        if (key.startsWith("#")) {
            int end = 1;
            while (end < key.length() && Character.isDigit(key.charAt(end))) {
                end++;
            }
            if (end > 1) {
                return Integer.parseInt(key.substring(1, end));
            }
        }
        return 1;
    }

    /** A run as an exported chart's legend names it: its number (colour and marker) and its label. */
    public record LegendRun(int number, String label) {
    }

    /**
     * Draws {@code chart} into {@code g} with a legend under the plot: the two line styles once, then one entry per
     * run in its colour and marker. For exported pictures (a paper needs the runs named in the figure); on screen
     * the legend is a row of labels under both charts instead. The chart is drawn as it is, with the legend added
     * for this one drawing (on the thread that owns the chart; no change event reaches its viewer).
     */
    public static void drawWithRunLegend(JFreeChart chart, List<LegendRun> runs, java.awt.Graphics2D g, double width,
                                         double height) {
        XYPlot plot = chart.getXYPlot();
        java.awt.Paint text = chart.getTitle() != null ? chart.getTitle().getPaint() : Color.BLACK;
        org.jfree.chart.LegendItemCollection items = new org.jfree.chart.LegendItemCollection();
        items.add(legendItem("training (batches)", null, text, new BasicStroke(2f)));
        items.add(legendItem("validation (per epoch)", null, text, VALIDATION_STROKE));
        for (LegendRun r : runs) {
            items.add(legendItem(r.label(), runShape(r.number()), runColor(r.number()), new BasicStroke(2f)));
        }
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        legend.setBackgroundPaint(chart.getBackgroundPaint());
        legend.setItemPaint(text);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        boolean notify = chart.isNotify();
        org.jfree.chart.LegendItemCollection fixed = plot.getFixedLegendItems();
        chart.setNotify(false);
        plot.setFixedLegendItems(items);
        chart.addLegend(legend);
        try {
            chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        } finally {
            chart.removeSubtitle(legend);
            plot.setFixedLegendItems(fixed);
            chart.setNotify(notify);
        }
    }

    private static org.jfree.chart.LegendItem legendItem(String label, java.awt.Shape marker, java.awt.Paint paint,
                                                          java.awt.Stroke stroke) {
        return new org.jfree.chart.LegendItem(label, null, null, null, marker != null,
                marker != null ? marker : new java.awt.geom.Rectangle2D.Double(), true, paint, false, paint, stroke,
                true, new java.awt.geom.Line2D.Double(-10, 0, 10, 0), stroke, paint);
    }

    /** Light or dark colours for the chart's background, axes, grid and legend. */
    public static void applyTheme(ChartViewer viewer, boolean dark) {
        applyTheme(viewer.getChart(), dark);
    }

    /** Light or dark colours for a chart's background, axes, grid and legend. */
    public static void applyTheme(JFreeChart chart, boolean dark) {
        Color bg = dark ? new Color(0x0d1117) : Color.WHITE;
        Color fg = dark ? new Color(0xe6edf3) : new Color(0x1f2328);
        Color grid = dark ? new Color(0x30363d) : new Color(0xd0d7de);
        chart.setBackgroundPaint(bg);
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(fg);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(bg);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        plot.setOutlinePaint(grid);
        for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
            axis.setLabelPaint(fg);
            axis.setTickLabelPaint(fg);
            axis.setAxisLinePaint(grid);
            axis.setTickMarkPaint(grid);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(bg);
            legend.setItemPaint(fg);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
    }
}
