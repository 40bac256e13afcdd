package dev.bitflow.app.view.export;

import dev.bitflow.app.export.ChartImages;
import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.view.Zoom;
import dev.bitflow.assets.Assets;
import java.awt.image.BufferedImage;
import javafx.beans.value.ObservableDoubleValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import org.jfree.chart.fx.ChartViewer;

/**
 * A picture a view shows that can be exported: a chart (PNG at any scale and SVG), a drawn canvas (PNG drawn
 * again at the scale) or any other node (PNG: a snapshot at the scale). Call on the JavaFX thread.
 */
public interface Figure {
    /** What it is, for menus and file names ("Loss chart"). */
    String name();

    /** The picture as pixels, {@code scale} times its size on screen at 100% zoom. */
    BufferedImage png(double scale);

    /** Whether {@link #svg()} gives a vector drawing. */
    default boolean hasSvg() {
        return false;
    }

    /** The picture as an SVG document (only when {@link #hasSvg()}). */
    default String svg() {
        throw new UnsupportedOperationException(name() + " is drawn as pixels only");
    }

    /**
     * A JFreeChart chart drawn by {@code drawing}, in PNG and SVG at the viewer's current size (640 x 400 before it
     * has one).
     */
    static Figure of(String name, ChartViewer viewer, java.util.function.Supplier<ChartImages.Drawing> drawing) {
        return new Figure() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BufferedImage png(double scale) {
                return ChartImages.png(drawing.get(), width(), height(), scale);
            }

            @Override
            public boolean hasSvg() {
                return true;
            }

            @Override
            public String svg() {
                return ChartImages.svgDocument(drawing.get(), width(), height());
            }

            private int width() {
                return viewer.getWidth() >= 50 ? (int) Math.round(viewer.getWidth()) : 640;
            }

            private int height() {
                return viewer.getHeight() >= 50 ? (int) Math.round(viewer.getHeight()) : 400;
            }
        };
    }

    /**
     * A node: a {@link ThemedCanvasPane} is drawn again at the scale (crisp); anything else is a snapshot with
     * a scale transform, on the theme's background.
     */
    static Figure of(String name, Node node) {
        return new Figure() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BufferedImage png(double scale) {
                if (node instanceof ThemedCanvasPane canvas) {
                    return SwingFXUtils.fromFXImage(canvas.render(scale), null);
                }
                SnapshotParameters p = new SnapshotParameters();
                double zoom = node.getScene() != null
                        && node.getScene().getRoot().getProperties().get(Zoom.KEY) instanceof ObservableDoubleValue z
                        && z.get() > 0 ? z.get() : 1;
                p.setTransform(Transform.scale(scale / zoom, scale / zoom));
                boolean dark = node.getScene() != null && node.getScene().getRoot().getStyleClass().contains(Assets.DARK);
                p.setFill(dark ? Color.web("#0d1117") : Color.WHITE);
                return SwingFXUtils.fromFXImage(node.snapshot(p, null), null);
            }
        };
    }
}
