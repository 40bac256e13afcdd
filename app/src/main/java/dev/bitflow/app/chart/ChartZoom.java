package dev.bitflow.app.chart;

import dev.bitflow.app.view.Zoom;
import java.awt.Font;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;

/**
 * Chart text that follows the window's zoom ({@link Zoom}): title, axis labels, tick labels and legend are set
 * to their base sizes times the zoom, and the chart is drawn again (also when its change events are off).
 */
public final class ChartZoom {
    static final String KEY = "bitflow.chart.zoom";
    static final float TITLE = 13;
    static final float AXIS_LABEL = 12;
    static final float TICK_LABEL = 11;
    static final float LEGEND = 11;

    private ChartZoom() {
    }

    /** Makes the viewer's chart text follow the zoom of the scene it is in. */
    public static void follow(ChartViewer viewer) {
        DoubleProperty zoom = new SimpleDoubleProperty(1);
        viewer.getProperties().put(KEY, zoom);
        zoom.addListener((o, a, z) -> {
            apply(viewer.getChart(), z.doubleValue());
            viewer.getCanvas().draw();
        });
        Zoom.follow(viewer, zoom);
        apply(viewer.getChart(), zoom.get());
    }

    /** The zoom the viewer's chart is drawn at (1 when it does not follow one). */
    public static double of(ChartViewer viewer) {
        return viewer.getProperties().get(KEY) instanceof DoubleProperty z ? z.get() : 1;
    }

    /** A sans-serif font of {@code size} points at the viewer's zoom. */
    public static Font font(ChartViewer viewer, int style, float size) {
        return new Font(Font.SANS_SERIF, style, Math.round(size * (float) of(viewer)));
    }

    static void apply(JFreeChart chart, double z) {
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(scaled(Font.BOLD, TITLE, z));
        }
        if (chart.getPlot() instanceof XYPlot plot) {
            for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
                axis.setLabelFont(scaled(Font.PLAIN, AXIS_LABEL, z));
                axis.setTickLabelFont(scaled(Font.PLAIN, TICK_LABEL, z));
            }
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(scaled(Font.PLAIN, LEGEND, z));
        }
    }

    private static Font scaled(int style, float size, double z) {
        return new Font(Font.SANS_SERIF, style, Math.round((float) (size * z)));
    }
}
