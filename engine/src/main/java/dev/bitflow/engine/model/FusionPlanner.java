package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the {@link FusionBlock}s of a definition: every weight layer (conv2d/dense) whose output reaches a
 * sign through max pools, dropouts and at most one batchnorm, in any order (the grammar of the fusion's
 * {@code BlockPlanner}, decision 0053). Anything else between a weight layer and its sign (an avgpool, a relu,
 * two batchnorms) is not made exact by the fusion; those, and binary weight layers in the middle of the
 * network whose output never reaches a sign, are reported as WARNING {@code FUSION_ORDER} naming the layers in
 * the way.
 */
public final class FusionPlanner {
    /** What may sit between a weight layer and its sign for the block to fuse, as messages say it. */
    private static final String FUSABLE = "max pools, dropouts and at most one batchnorm (any order) -> sign";

    private FusionPlanner() {
    }

    /** The fusion blocks, in layer order; problems are appended to {@code issues} (may be null). */
    public static List<FusionBlock> plan(NetworkDefinition d, List<DesignIssue> issues) {
        List<LayerSpec> layers = d.layers();
        int lastWeight = LayerRoles.lastWeightLayer(d);
        List<FusionBlock> blocks = new ArrayList<>();
        boolean binary = false;
        boolean[] binaryIn = new boolean[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            binaryIn[i] = binary;
            binary = ShapeInference.binaryOutput(layers.get(i), binary);
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec w = layers.get(i);
            if (!LayerRoles.isWeightLayer(w)) {
                continue;
            }
            boolean binaryWeights = LayerRoles.weights(w) == Precision.BINARY;
            int sign = -1;
            int j = i + 1;
            for (; j < layers.size(); j++) {
                LayerSpec l = layers.get(j);
                if (l instanceof SignSpec) {
                    sign = j;
                    break;
                }
                if (LayerRoles.isWeightLayer(l) || l instanceof SoftmaxSpec) {
                    break;
                }
            }
            String what = (binaryWeights ? "binary " : "float ") + w.type() + " '" + w.name() + "'";
            if (sign < 0) {
                if (binaryWeights && i != lastWeight && issues != null) {
                    String next = j < layers.size() ? " before " + layers.get(j).type() + " '" + layers.get(j).name() + "'" : "";
                    issues.add(new DesignIssue(Severity.WARNING, "FUSION_ORDER", w.name(), null, "the output of " + what
                            + " never reaches a sign" + next + "; BatchShift fuses " + w.type() + " -> " + FUSABLE
                            + ", so this layer stays unfused with float outputs"));
                }
                continue;
            }
            List<LayerSpec> between = layers.subList(i + 1, sign);
            int batchNorm = -1;
            boolean fusable = true;
            for (int k = i + 1; k < sign && fusable; k++) {
                LayerSpec l = layers.get(k);
                if (l instanceof BatchNormSpec) {
                    fusable = batchNorm < 0;
                    batchNorm = k;
                } else {
                    fusable = l instanceof MaxPoolSpec || l instanceof DropoutSpec;
                }
            }
            if (fusable) {
                FusionBlock.Kind kind = binaryWeights && binaryIn[i] ? FusionBlock.Kind.BATCHSHIFT
                        : FusionBlock.Kind.THRESHOLD;
                blocks.add(new FusionBlock(kind, i, batchNorm, sign));
            } else if (issues != null) {
                String path = between.isEmpty() ? "nothing" : between.stream()
                        .map(l -> l.type() + " '" + l.name() + "'").collect(Collectors.joining(" -> "));
                issues.add(new DesignIssue(Severity.WARNING, "FUSION_ORDER", w.name(), null, "between " + what
                        + " and sign '" + layers.get(sign).name() + "' there is " + path + "; fusion is exact only for "
                        + w.type() + " -> " + FUSABLE + ", so this block stays unfused"));
            }
        }
        return blocks;
    }
}
