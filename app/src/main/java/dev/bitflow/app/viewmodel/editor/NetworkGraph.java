package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The network as a graph, as Netron draws a model: one node per layer in order, coloured by precision, the shape
 * of the data on each edge, and (after fusion) the blocks BatchShift fuses into one step.
 *
 * @param input  the network's input shape (the edge into the first node)
 * @param nodes  the layers, in order
 * @param blocks fused blocks (first and last node index, inclusive), empty when not shown after fusion
 */
public record NetworkGraph(Shape input, List<Node> nodes, List<Block> blocks) {
    /** How a node is coloured. */
    public enum Precision { BINARY, FLOAT, NONE }

    /**
     * One layer.
     *
     * @param label  the layer kind as the palette names it
     * @param output its output shape, or null when unknown (shape errors)
     * @param errors whether the layer has a design error
     */
    public record Node(int index, String name, String label, Precision precision, Shape output, boolean errors) {
    }

    /** Layers {@code first..last} run as one fused step named after its weight layer. */
    public record Block(String name, int first, int last) {
    }

    public NetworkGraph {
        nodes = List.copyOf(nodes);
        blocks = List.copyOf(blocks);
    }

    /** The graph of the editor's rows; {@code fused} (a fused ledger of the same layers, or null) outlines blocks. */
    public static NetworkGraph of(Shape input, List<LayerRow> rows, Ledger fused) {
        List<Node> nodes = new ArrayList<>(rows.size());
        for (LayerRow r : rows) {
            nodes.add(new Node(r.index(), r.spec().name(), r.kind().label(), precision(r.kind()), r.output(), r.hasErrors()));
        }
        return new NetworkGraph(input, nodes, fused == null ? List.of() : blocks(rows, fused));
    }

    /** The shape on the edge into node {@code i}. */
    public Shape edgeInto(int i) {
        return i == 0 ? input : nodes.get(i - 1).output();
    }

    static Precision precision(LayerKind kind) {
        return switch (kind) {
            case CONV_BINARY, DENSE_BINARY -> Precision.BINARY;
            case CONV_FLOAT, DENSE_FLOAT -> Precision.FLOAT;
            default -> Precision.NONE;
        };
    }

    /** Runs of consecutive layers the fused ledger names the same {@code fusedInto} (two or more layers). */
    static List<Block> blocks(List<LayerRow> rows, Ledger fused) {
        List<LayerLedger> layers = fused.layers();
        if (layers.size() != rows.size()) {
            return List.of();
        }
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            String into = layers.get(i).fusedInto();
            int j = i;
            while (into != null && j + 1 < layers.size() && Objects.equals(layers.get(j + 1).fusedInto(), into)) {
                j++;
            }
            if (into != null && j > i) {
                blocks.add(new Block(into, i, j));
            }
            i = j + 1;
        }
        return blocks;
    }
}
