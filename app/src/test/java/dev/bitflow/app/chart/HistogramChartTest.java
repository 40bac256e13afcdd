package dev.bitflow.app.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfHistogram;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SF histogram's threshold labels (t and tau) can be read in both themes. */
class HistogramChartTest {
    private static SfChannelReport channel() {
        return new SfChannelReport(0, 0.1, 1.0, -0.2, 2.0, 4.0, 1e-5, 0, false, false, false, 2.0, 21.46, 21.46,
                21.46, 21.9, 22, 22, 22, 23, 2.0, 4.0, 1e-5, 2.0, 4.0,
                new SfHistogram(10, new long[] {1, 5, 20, 40, 20, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), List.of());
    }

    @ParameterizedTest(name = "dark theme: {0}")
    @ValueSource(booleans = {false, true})
    void thresholdLabelsHaveTextContrastOnThePlot(boolean dark) {
        JFreeChart chart = HistogramChart.channelChart("conv2", channel(), dark);
        Color plot = (Color) chart.getXYPlot().getBackgroundPaint();
        var markers = chart.getXYPlot().getDomainMarkers(Layer.FOREGROUND);
        assertThat(markers).hasSize(2);
        for (Object o : markers) {
            Marker m = (Marker) o;
            Color behind = over(m.getLabelBackgroundColor(), plot);
            assertThat(contrast((Color) m.getLabelPaint(), behind)).as(m.getLabel() + " (WCAG text contrast)")
                    .isGreaterThanOrEqualTo(4.5);
        }
    }

    /** {@code top} (with its alpha) composited over the opaque {@code bottom}. */
    private static Color over(Color top, Color bottom) {
        double a = top.getAlpha() / 255.0;
        return new Color((int) Math.round(top.getRed() * a + bottom.getRed() * (1 - a)),
                (int) Math.round(top.getGreen() * a + bottom.getGreen() * (1 - a)),
                (int) Math.round(top.getBlue() * a + bottom.getBlue() * (1 - a)));
    }

    /** The WCAG 2 contrast ratio of two colours (1 to 21; text needs 4.5). */
    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int v) {
        double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
