package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
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
 * The first fusion pass: splits a definition into {@link Block}s, or reports every layer it cannot fuse
 * exactly, with the reason. The accepted grammar (dropout may appear anywhere and is skipped: inverted
 * dropout is the identity at inference):
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
public final class BlockPlanner implements FusionPass {
    @Override
    public String name() {
        return "block structure";
    }

    @Override
    public void apply(FusionState state) {
        state.blocks = plan(state.network.definition());
    }


    /** The blocks of {@code def}, or {@link NotFusableException} with every problem found. */
    public List<Block> plan(NetworkDefinition def) {
        List<FusionProblem> problems = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        List<LayerSpec> layers = def.layers();
        Shape shape = def.input();
        Shape beforeFlatten = null;
        boolean binaryInput = false;
        boolean outputSeen = false;
        int i = 0;
        while (i < layers.size()) {
            LayerSpec l = layers.get(i);
            if (l instanceof DropoutSpec) {
                i++;
            } else if (l instanceof FlattenSpec) {
                if (!shape.flat()) {
                    beforeFlatten = shape;
                    shape = Shape.flat((int) shape.size());
                }
                i++;
            } else if (l instanceof SoftmaxSpec) {
                if (!outputSeen || !onlyDropoutAfter(layers, i + 1)) {
                    problems.add(new FusionProblem(l.name(), "softmax must be the last layer, after the output dense layer"));
                }
                i++;
            } else if (outputSeen) {
                problems.add(new FusionProblem(l.name(), "layer '" + l.type() + "' after the output layer cannot be fused"));
                i++;
            } else if (l instanceof Conv2dSpec || l instanceof DenseSpec) {
                int before = problems.size();
                Block b = block(layers, i, shape, beforeFlatten, binaryInput, problems);
                beforeFlatten = null;
                if (b == null) {
                    // this block is broken (the problem names it); report odd layer types up to the next
                    // linear layer, then go on planning from there as if its input were binary
                    int j = i + 1;
                    while (j < layers.size() && !(layers.get(j) instanceof Conv2dSpec)
                            && !(layers.get(j) instanceof DenseSpec)) {
                        LayerSpec odd = layers.get(j);
                        if (!(odd instanceof BatchNormSpec || odd instanceof SignSpec || odd instanceof MaxPoolSpec
                                || odd instanceof AvgPoolSpec || odd instanceof DropoutSpec || odd instanceof FlattenSpec
                                || odd instanceof SoftmaxSpec)) {
                            problems.add(new FusionProblem(odd.name(), "layer type '" + odd.type()
                                    + "' is not part of a fusable block (linear layer, max pools, batchnorm, sign)"));
                        }
                        j++;
                    }
                    shape = null;
                    binaryInput = true;
                    i = j;
                    if (j < layers.size()) {
                        shape = shapeBefore(layers, j, def);
                    }
                    if (shape == null) {
                        break;
                    }
                    continue;
                }
                blocks.add(b);
                shape = b.output();
                binaryInput = true;
                outputSeen = b.kind() == Block.Kind.OUTPUT;
                i = b.lastIndex() + 1;
            } else if (l instanceof AvgPoolSpec) {
                problems.add(new FusionProblem(l.name(), binaryInput
                        ? "average pooling of ±1 values gives values that are not ±1; the next layer cannot run on bits"
                        : "average pooling outside a conv block cannot be fused"));
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
                Block last = blocks.get(blocks.size() - 1);
                problems.add(new FusionProblem(last.name(),
                        "the network ends with a sign; fusion needs a last dense layer without sign (class scores)"));
            } else if (blocks.size() < 2) {
                problems.add(new FusionProblem(blocks.get(0).name(),
                        "the only linear layer reads the float input; there is no binary layer to fuse"));
            }
        }
        if (!problems.isEmpty()) {
            throw new NotFusableException(problems);
        }
        return List.copyOf(blocks);
    }

    private static boolean onlyDropoutAfter(List<LayerSpec> layers, int from) {
        for (int j = from; j < layers.size(); j++) {
            if (!(layers.get(j) instanceof DropoutSpec)) {
                return false;
            }
        }
        return true;
    }

    private enum Phase { PRE_BN, AFTER_BN, AFTER_SIGN }

    private static Block block(List<LayerSpec> layers, int start, Shape in, Shape beforeFlatten, boolean binaryInput,
                               List<FusionProblem> problems) {
        LayerSpec linear = layers.get(start);
        Shape linearOut;
        boolean flattened = false;
        Shape blockInput = in;
        if (linear instanceof Conv2dSpec c) {
            if (in.flat()) {
                problems.add(new FusionProblem(c.name(), "conv2d on a flat input " + in));
                return null;
            }
            int pad = c.padding().amount();
            int oh = FloatOps.outSize(in.height(), c.kernel(), c.stride(), pad);
            int ow = FloatOps.outSize(in.width(), c.kernel(), c.stride(), pad);
            if (oh < 1 || ow < 1) {
                problems.add(new FusionProblem(c.name(), "kernel " + c.kernel() + " does not fit input " + in));
                return null;
            }
            linearOut = Shape.spatial(c.filters(), oh, ow);
        } else {
            DenseSpec d = (DenseSpec) linear;
            if (!in.flat()) {
                problems.add(new FusionProblem(d.name(), "dense on a spatial input " + in + " needs a flatten before it"));
                return null;
            }
            if (beforeFlatten != null) {
                flattened = true;
                blockInput = beforeFlatten;
            }
            linearOut = Shape.flat(d.units());
        }
        Precision weights = linear instanceof Conv2dSpec c ? c.weights() : ((DenseSpec) linear).weights();

        List<MaxPoolSpec> pre = new ArrayList<>();
        List<MaxPoolSpec> post = new ArrayList<>();
        BatchNormSpec bn = null;
        int bnIndex = -1;
        Phase phase = Phase.PRE_BN;
        boolean signSeen = false;
        Shape shape = linearOut;
        Shape thresholdOut = null;
        int j = start + 1;
        int last = start;
        while (j < layers.size()) {
            LayerSpec l = layers.get(j);
            if (l instanceof DropoutSpec) {
                last = j++;
            } else if (l instanceof MaxPoolSpec p) {
                if (shape.flat()) {
                    problems.add(new FusionProblem(p.name(), "max pool on a flat input " + shape));
                    return null;
                }
                int oh = FloatOps.outSize(shape.height(), p.size(), p.stride(), 0);
                int ow = FloatOps.outSize(shape.width(), p.size(), p.stride(), 0);
                if (oh < 1 || ow < 1) {
                    problems.add(new FusionProblem(p.name(), "pool window " + p.size() + " does not fit input " + shape));
                    return null;
                }
                shape = Shape.spatial(shape.channels(), oh, ow);
                (phase == Phase.PRE_BN ? pre : post).add(p);
                last = j++;
            } else if (l instanceof AvgPoolSpec p) {
                problems.add(new FusionProblem(p.name(), phase == Phase.AFTER_SIGN
                        ? "average pooling of ±1 values gives values that are not ±1; the next layer cannot run on bits"
                        : "average pooling before the sign of '" + linear.name()
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
                signSeen = true;
                last = j++;
            } else {
                break;
            }
        }
        if (!signSeen) {
            if (binaryInput && weights != Precision.BINARY && hasLinearAfter(layers, j)) {
                problems.add(new FusionProblem(linear.name(), "float weights on a binary input in a middle layer;"
                        + " BatchShift needs binary weights (make the layer binary, or end the binary part before it)"));
            }
            if (hasLinearAfter(layers, j)) {
                problems.add(new FusionProblem(linear.name(), "its output reaches the next linear layer without a sign;"
                        + " that layer's input would not be binary"));
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
            return new Block(Block.Kind.OUTPUT, linear, start, blockInput, linearOut, pre, bn, bnIndex, post,
                    shape, shape, start, last, flattened);
        }
        Block.Kind kind = binaryInput ? Block.Kind.BINARY : Block.Kind.FIRST;
        if (kind == Block.Kind.BINARY && weights != Precision.BINARY) {
            problems.add(new FusionProblem(linear.name(), "float weights on a binary input in a middle layer;"
                    + " BatchShift needs binary weights (make the layer binary, or end the binary part before it)"));
        }
        return new Block(kind, linear, start, blockInput, linearOut, pre, bn, bnIndex, post, thresholdOut, shape,
                start, last, flattened);
    }

    private static boolean hasLinearAfter(List<LayerSpec> layers, int from) {
        for (int k = from; k < layers.size(); k++) {
            if (layers.get(k) instanceof Conv2dSpec || layers.get(k) instanceof DenseSpec) {
                return true;
            }
        }
        return false;
    }

    /** The input shape of layer {@code index}, by plain shape arithmetic; null if it does not work out. */
    private static Shape shapeBefore(List<LayerSpec> layers, int index, NetworkDefinition def) {
        Shape shape = def.input();
        try {
            for (int k = 0; k < index; k++) {
                LayerSpec l = layers.get(k);
                if (l instanceof Conv2dSpec c) {
                    int pad = c.padding().amount();
                    shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(), pad),
                            FloatOps.outSize(shape.width(), c.kernel(), c.stride(), pad));
                } else if (l instanceof DenseSpec d) {
                    shape = Shape.flat(d.units());
                } else if (l instanceof MaxPoolSpec p) {
                    shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                            FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
                } else if (l instanceof AvgPoolSpec p) {
                    shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                            FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
                } else if (l instanceof FlattenSpec) {
                    shape = Shape.flat((int) shape.size());
                }
            }
            return shape;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
