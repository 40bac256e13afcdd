package dev.bitflow.engine.model;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ReceptiveField;
import dev.bitflow.engine.api.definition.Shape;
import java.util.BitSet;
import java.util.List;

/**
 * The receptive field of one output position ({@link ReceptiveField}), walked back from the layer to the input with
 * the shape rules of {@link ShapeInference}. Along one axis, a layer whose output index {@code o} reads the input
 * indices
 * <ul>
 *   <li>{@code conv2d} (kernel k, stride s, padding p): {@code o·s − p .. o·s − p + k − 1}
 *       (indices below 0 or past the input are padding);</li>
 *   <li>{@code maxpool}/{@code avgpool} (size k, stride s, no padding): {@code o·s .. o·s + k − 1};</li>
 *   <li>{@code batchnorm}, {@code sign}, {@code relu}, {@code dropout}: {@code o} itself;</li>
 *   <li>{@code flatten}, {@code dense}: every input value (a flat position depends on the whole map the flatten
 *       read, {@code 0 .. H − 1}).</li>
 * </ul>
 * The index map is increasing, so an interval {@code [a, b]} of outputs reads the interval
 * {@code [a·s − p, b·s − p + k − 1]} of inputs, and composing these maps layer by layer from the chosen layer back to
 * the image gives the nominal field; the distance between neighbouring positions (the jump) is the product of the
 * strides. The exact region is the same walk over the sets of indices really read, each cut to the layer's real
 * input {@code [0, H − 1]} before it goes further back (a padded value is a constant and depends on no pixel), and
 * reported as the rows and columns from its first to its last index. The two differ beyond the image edge and where
 * a stride leaves the last rows of a layer's input unused; a position that reads padding only has an empty exact
 * region. (With a stride larger than the kernel, rows inside the exact region may be skipped.)
 */
public final class ReceptiveFields {
    private ReceptiveFields() {
    }

    /**
     * The receptive field of position ({@code y}, {@code x}) on the output grid of layer {@code layer} of
     * {@code def}, whose shapes are {@code shapes} (from {@link ShapeInference}, one per layer).
     *
     * @throws BadInputException if there is no such layer, its shapes are unknown, or the position is outside its
     *                           output
     */
    public static ReceptiveField of(NetworkDefinition def, List<LayerShape> shapes, String layer, int y, int x) {
        List<LayerSpec> layers = def.layers();
        int index = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(layer)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new BadInputException("definition '" + def.name() + "' has no layer '" + layer + "'");
        }
        Shape out = index < shapes.size() ? shapes.get(index).output() : null;
        if (out == null || def.input() == null) {
            throw new BadInputException("layer '" + layer + "' has no known output shape: fix the design first");
        }
        if (y < 0 || x < 0 || y >= out.height() || x >= out.width()) {
            throw new BadInputException("layer '" + layer + "': position (y " + y + ", x " + x + ") is outside its output "
                    + out);
        }
        Axis rows = new Axis(y);
        Axis cols = new Axis(x);
        boolean everything = out.flat();
        for (int i = index; i >= 0; i--) {
            Shape in = shapes.get(i).input();
            LayerSpec spec = layers.get(i);
            if (everything) {
                if (spec instanceof FlattenSpec && !in.flat()) {
                    everything = false;
                    rows = Axis.whole(in.height());
                    cols = Axis.whole(in.width());
                }
                continue;
            }
            if (spec instanceof Conv2dSpec c) {
                int p = c.padding() == null ? 0 : c.padding().amount();
                rows = rows.back(c.kernel(), c.stride(), p, in.height());
                cols = cols.back(c.kernel(), c.stride(), p, in.width());
            } else if (spec instanceof MaxPoolSpec m) {
                rows = rows.back(m.size(), m.stride(), 0, in.height());
                cols = cols.back(m.size(), m.stride(), 0, in.width());
            } else if (spec instanceof AvgPoolSpec a) {
                rows = rows.back(a.size(), a.stride(), 0, in.height());
                cols = cols.back(a.size(), a.stride(), 0, in.width());
            }
        }
        Shape image = def.input();
        if (everything) { // a flat input: the field is all of it
            rows = Axis.whole(image.height());
            cols = Axis.whole(image.width());
        }
        boolean any = !rows.empty() && !cols.empty();
        return new ReceptiveField(layer, y, x, image.height(), image.width(), (int) rows.from, (int) cols.from,
                (int) rows.to, (int) cols.to, any ? rows.exactFrom() : 0, any ? cols.exactFrom() : 0,
                any ? rows.exactTo() : -1, any ? cols.exactTo() : -1, out.flat() ? 0 : (int) rows.jump);
    }

    /**
     * One axis of the walk: the nominal interval, the jump, and the exact set of indices read (a row set and a
     * column set suffice: every window is a product of rows and columns, so the pixels read are the product of the
     * rows read and the columns read).
     */
    private record Axis(long from, long to, BitSet exact, long jump) {
        Axis(int position) {
            this(position, position, single(position), 1);
        }

        static Axis whole(int size) {
            BitSet all = new BitSet(size);
            all.set(0, size);
            return new Axis(0, size - 1L, all, 0);
        }

        private static BitSet single(int position) {
            BitSet b = new BitSet();
            b.set(position);
            return b;
        }

        boolean empty() {
            return exact.isEmpty();
        }

        int exactFrom() {
            return exact.nextSetBit(0);
        }

        int exactTo() {
            return exact.length() - 1;
        }

        /** The indices of the layer's input this axis of its output reads (kernel k, stride s, padding p). */
        Axis back(int k, int s, int p, int inputSize) {
            BitSet read = new BitSet(inputSize);
            for (int o = exact.nextSetBit(0); o >= 0; o = exact.nextSetBit(o + 1)) {
                long start = (long) o * s - p;
                long lo = Math.max(0, start);
                long hi = Math.min(inputSize, start + k);
                if (lo < hi) {
                    read.set((int) lo, (int) hi);
                }
            }
            return new Axis(from * s - p, to * s - p + k - 1, read, jump * s);
        }
    }
}
