package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.fusion.FusionProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The one fusion grammar: splits a definition into {@link FusionBlock}s and names every layer it cannot fuse
 * exactly, with the reason. {@code bitflow fuse} fuses a network only when there is no problem; the ledger counts
 * the blocks found as fused and {@code check} reports the problems of a binary network (decisions 0053, 0097). The
 * grammar (dropout may appear anywhere and is skipped: inverted dropout is the identity at inference):
 * <pre>
 *   network := first-block binary-block* [flatten] output-block [softmax]
 *   block   := (conv2d | dense) maxpool* [batchnorm] maxpool* sign maxpool*     (flatten may precede a dense)
 *   output  := dense [batchnorm]                                                 (no sign after it)
 * </pre>
 * The first block reads the float input; every later block must read ±1 values (the output of a sign,
 * optionally max-pooled: max of ±1 values is ±1) and, except the output block, have binary weights.
 * Max pools before BatchNorm are exact as threshold-then-OR (gamma &gt; 0) or threshold-then-AND
 * (gamma &lt; 0); between BatchNorm and sign or after the sign they are exactly an OR of bits, because sign
 * is non-decreasing. Average pooling is refused: after a sign it yields values that are not ±1 (the next
 * layer could not run on bits), before a sign it would need a sum-of-window threshold that BatchShift does
 * not provide.
 */
public final class FusionPlanner {
    private FusionPlanner() {
    }

    /**
     * The blocks of a definition and every problem found (all at once). A block that breaks the grammar is left
     * out; planning goes on after it as if its output were binary, so later problems are found too.
     *
     * @param blocks   the well-formed blocks, in layer order
     * @param problems every layer that cannot be fused exactly, with the reason; empty when the network fuses
     */
    public record Plan(List<FusionBlock> blocks, List<FusionProblem> problems) {
        public Plan {
            blocks = List.copyOf(blocks);
            problems = List.copyOf(problems);
        }

        /** Whether {@code bitflow fuse} can fuse the whole network exactly. */
        public boolean fusable() {
            return problems.isEmpty();
        }
    }

    /** Plans {@code def}. */
    public static Plan plan(NetworkDefinition def) {
        return new Run(def).plan();
    }

    private static final class Run {
        private final NetworkDefinition def;
        private final List<LayerSpec> layers;
        private final List<LayerShape> shapes;
        private final List<FusionProblem> problems = new ArrayList<>();

        Run(NetworkDefinition def) {
            this.def = def;
            this.layers = def.layers();
            this.shapes = ShapeInference.infer(def, new ArrayList<>());
        }

        /** The input shape of layer i (null when shape inference failed before it). */
        private Shape in(int i) {
            return shapes.get(i).input();
        }

        Plan plan() {
            List<FusionBlock> blocks = new ArrayList<>();
            Shape beforeFlatten = null;
            boolean binaryInput = false;
            boolean outputSeen = false;
            int i = 0;
            while (i < layers.size()) {
                LayerSpec l = layers.get(i);
                if (shapes.get(i).output() == null) {
                    problems.add(new FusionProblem(l.name(), "its shape is invalid (see the design checks)"));
                    break;
                }
                if (l instanceof DropoutSpec) {
                    i++;
                } else if (l instanceof FlattenSpec) {
                    if (!in(i).flat()) {
                        beforeFlatten = in(i);
                    }
                    i++;
                } else if (l instanceof SoftmaxSpec) {
                    if (!outputSeen || !onlyDropoutAfter(i + 1)) {
                        problems.add(new FusionProblem(l.name(),
                                "softmax must be the last layer, after the output dense layer"));
                    }
                    i++;
                } else if (outputSeen) {
                    problems.add(new FusionProblem(l.name(), "layer '" + l.type()
                            + "' after the output layer cannot be fused"));
                    i++;
                } else if (l instanceof Conv2dSpec || l instanceof DenseSpec) {
                    FusionBlock b = block(i, beforeFlatten, binaryInput);
                    beforeFlatten = null;
                    if (b == null) {
                        // this block is broken (the problem names it); report odd layer types up to the next
                        // linear layer, then go on planning from there as if its input were binary
                        int j = i + 1;
                        while (j < layers.size() && !isLinear(layers.get(j))) {
                            LayerSpec odd = layers.get(j);
                            if (!(odd instanceof BatchNormSpec || odd instanceof SignSpec || odd instanceof MaxPoolSpec
                                    || odd instanceof AvgPoolSpec || odd instanceof DropoutSpec
                                    || odd instanceof FlattenSpec || odd instanceof SoftmaxSpec)) {
                                problems.add(new FusionProblem(odd.name(), "layer type '" + odd.type()
                                        + "' is not part of a fusable block (linear layer, max pools, batchnorm, sign)"));
                            }
                            j++;
                        }
                        binaryInput = true;
                        i = j;
                        continue;
                    }
                    blocks.add(b);
                    binaryInput = true;
                    outputSeen = b.kind() == FusionBlock.Kind.OUTPUT;
                    i = b.lastIndex() + 1;
                } else if (l instanceof AvgPoolSpec) {
                    problems.add(new FusionProblem(l.name(), binaryInput
                            ? "average pooling of ±1 values gives values that are not ±1; the next layer cannot run on"
                            + " bits" : "average pooling outside a conv block cannot be fused"));
                    i++;
                } else {
                    problems.add(new FusionProblem(l.name(), "layer type '" + l.type()
                            + "' is not part of a fusable block (linear layer, max pools, batchnorm, sign)"));
                    i++;
                }
            }
            if (problems.isEmpty()) {
                if (blocks.isEmpty()) {
                    problems.add(new FusionProblem(def.name(), "the network has no conv2d or dense layer"));
                } else if (!outputSeen) {
                    FusionBlock last = blocks.get(blocks.size() - 1);
                    problems.add(new FusionProblem(last.name(),
                            "the network ends with a sign; fusion needs a last dense layer without sign (class scores)"));
                } else if (blocks.size() < 2) {
                    problems.add(new FusionProblem(blocks.get(0).name(),
                            "the only linear layer reads the float input; there is no binary layer to fuse"));
                }
            }
            return new Plan(blocks, problems);
        }

        private boolean onlyDropoutAfter(int from) {
            for (int j = from; j < layers.size(); j++) {
                if (!(layers.get(j) instanceof DropoutSpec)) {
                    return false;
                }
            }
            return true;
        }

        private enum Phase { PRE_BN, AFTER_BN, AFTER_SIGN }

        /** The block starting at linear layer {@code start}, or null after adding the problem that breaks it. */
        private FusionBlock block(int start, Shape beforeFlatten, boolean binaryInput) {
            LayerSpec linear = layers.get(start);
            Shape blockInput = in(start);
            boolean flattened = false;
            if (linear instanceof DenseSpec && beforeFlatten != null) {
                flattened = true;
                blockInput = beforeFlatten;
            }
            Shape linearOut = shapes.get(start).output();
            Precision weights = LayerRoles.weights(linear);
            List<MaxPoolSpec> pre = new ArrayList<>();
            List<MaxPoolSpec> post = new ArrayList<>();
            BatchNormSpec bn = null;
            int bnIndex = -1;
            int signIndex = -1;
            Phase phase = Phase.PRE_BN;
            Shape shape = linearOut;
            Shape thresholdOut = null;
            int j = start + 1;
            int last = start;
            while (j < layers.size() && shapes.get(j).output() != null) {
                LayerSpec l = layers.get(j);
                if (l instanceof DropoutSpec) {
                    last = j++;
                } else if (l instanceof MaxPoolSpec p) {
                    shape = shapes.get(j).output();
                    (phase == Phase.PRE_BN ? pre : post).add(p);
                    last = j++;
                } else if (l instanceof AvgPoolSpec p) {
                    problems.add(new FusionProblem(p.name(), phase == Phase.AFTER_SIGN
                            ? "average pooling of ±1 values gives values that are not ±1; the next layer cannot run on"
                            + " bits" : "average pooling before the sign of '" + linear.name()
                            + "' is not a monotone function of each value; BatchShift cannot fold it exactly"));
                    return null;
                } else if (l instanceof BatchNormSpec b && phase == Phase.PRE_BN) {
                    bn = b;
                    bnIndex = j;
                    thresholdOut = shape;
                    phase = Phase.AFTER_BN;
                    last = j++;
                } else if (l instanceof BatchNormSpec b && phase == Phase.AFTER_BN) {
                    problems.add(new FusionProblem(b.name(), "a second batchnorm between '" + linear.name()
                            + "' and its sign; BatchShift folds one batchnorm per block (merge the two into one)"));
                    return null;
                } else if (l instanceof SignSpec && phase != Phase.AFTER_SIGN) {
                    if (phase == Phase.PRE_BN) {
                        thresholdOut = shape;
                    }
                    phase = Phase.AFTER_SIGN;
                    signIndex = j;
                    last = j++;
                } else {
                    break;
                }
            }
            if (signIndex < 0) {
                return outputBlock(linear, start, blockInput, linearOut, pre, post, bn, bnIndex, shape, last, j,
                        binaryInput, weights, flattened);
            }
            if (binaryInput && weights != Precision.BINARY) {
                problems.add(new FusionProblem(linear.name(), "float weights on a binary input in a middle layer;"
                        + " BatchShift needs binary weights (make the layer binary, or end the binary part before it)"));
                return null;
            }
            return new FusionBlock(binaryInput ? FusionBlock.Kind.BINARY : FusionBlock.Kind.FIRST, linear, start,
                    blockInput, linearOut, pre, bn, bnIndex, post, signIndex, thresholdOut, shape, last, flattened);
        }

        /** A linear layer whose output reaches no sign: the output block, or the problem why it cannot be one. */
        private FusionBlock outputBlock(LayerSpec linear, int start, Shape blockInput, Shape linearOut,
                                        List<MaxPoolSpec> pre, List<MaxPoolSpec> post, BatchNormSpec bn, int bnIndex,
                                        Shape shape, int last, int next, boolean binaryInput, Precision weights,
                                        boolean flattened) {
            if (hasLinearAfter(next)) {
                problems.add(new FusionProblem(linear.name(), binaryInput && weights != Precision.BINARY
                        ? "float weights on a binary input in a middle layer; BatchShift needs binary weights (make"
                        + " the layer binary, or end the binary part before it)"
                        : "its output reaches the next linear layer without a sign; that layer's input would not be"
                        + " binary"));
                return null;
            }
            if (!(linear instanceof DenseSpec) || !pre.isEmpty() || !post.isEmpty()) {
                problems.add(new FusionProblem(linear.name(),
                        "the output layer must be a dense layer (optionally with batchnorm) without pooling"));
                return null;
            }
            if (!binaryInput) {
                problems.add(new FusionProblem(linear.name(), "the output layer reads the float input directly"));
                return null;
            }
            return new FusionBlock(FusionBlock.Kind.OUTPUT, linear, start, blockInput, linearOut, pre, bn, bnIndex,
                    post, -1, shape, shape, last, flattened);
        }

        private boolean hasLinearAfter(int from) {
            for (int k = from; k < layers.size(); k++) {
                if (isLinear(layers.get(k))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isLinear(LayerSpec l) {
        return l instanceof Conv2dSpec || l instanceof DenseSpec;
    }
}
