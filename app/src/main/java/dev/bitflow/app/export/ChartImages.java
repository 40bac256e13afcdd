package dev.bitflow.app.export;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A JFreeChart drawn as an image: PNG pixels at any scale, or SVG (vector, through Apache Batik's
 * {@link SVGGraphics2D}, Apache-2.0). Also draws any Java2D figure ({@link Drawing}) the same two ways, so the
 * model report's own figures share the code. Pure AWT: works headless, without the JavaFX toolkit.
 */
public final class ChartImages {
    static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** Something that draws itself into a {@code width x height} area of a Graphics2D. */
    @FunctionalInterface
    public interface Drawing {
        void draw(Graphics2D g, double width, double height);
    }

    private ChartImages() {
    }

    /** The chart as a {@code width x height} drawing. */
    public static Drawing of(JFreeChart chart) {
        return (g, w, h) -> chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
    }

    /** The drawing as pixels: {@code round(width * scale) x round(height * scale)}, antialiased. */
    public static BufferedImage png(Drawing drawing, int width, int height, double scale) {
        if (width <= 0 || height <= 0 || !(scale > 0) || scale > 16) {
            throw new IllegalArgumentException("size " + width + "x" + height + " at scale " + scale);
        }
        BufferedImage img = new BufferedImage((int) Math.round(width * scale), (int) Math.round(height * scale),
                BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            drawing.draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * The drawing as a standalone SVG document ({@code <?xml ...?>} prolog, {@code width}, {@code height} and a
     * {@code viewBox}), text kept as text.
     */
    public static String svgDocument(Drawing drawing, int width, int height) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement(drawing, width, height) + "\n";
    }

    /** The drawing as one {@code <svg>} element, for inlining into HTML (scales to its container's width). */
    public static String svgElement(Drawing drawing, int width, int height) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().getDOMImplementation().createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM in this Java runtime", e);
        }
        // JFreeChart draws rotated labels (the y axis title) as glyph outlines unless told that drawString works
        // under a rotation, which every current JDK and Batik handle; then they stay editable, searchable text.
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment(null);
        context.setEmbeddedFontsOn(false);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawing.draw(g, width, height);
        Element root = g.getRoot();
        root.setAttributeNS(null, "viewBox", "0 0 " + width + " " + height);
        StringWriter out = new StringWriter();
        try {
            g.stream(root, out, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            g.dispose();
        }
        String xml = out.toString();
        int start = xml.indexOf("<svg"); // Batik writes an XML prolog and comments before the element
        // Java's logical font names mean nothing to a browser or Inkscape: name the generic families instead.
        return xml.substring(Math.max(0, start)).strip()
                .replace("font-family:'Dialog'", "font-family:sans-serif")
                .replace("font-family:'SansSerif'", "font-family:sans-serif")
                .replace("font-family:'Serif'", "font-family:serif")
                .replace("font-family:'Monospaced'", "font-family:monospace")
                .replace("font-family:'DialogInput'", "font-family:monospace");
    }
}
