package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
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
 * sign through exactly {@code [maxpool] -> batchnorm}. Any other order between a weight layer and its sign
 * (an avgpool, a dropout, a relu, two batchnorms, a pool after BN, nothing at all) is not made exact by
 * the fusion; those, and binary weight layers in the middle of the network whose output never reaches a
 * sign, are reported as WARNING {@code FUSION_ORDER} naming the layers in the way.
 */
public final class FusionPlanner {
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
                            + " never reaches a sign" + next + "; BatchShift fuses only " + w.type()
                            + " -> [maxpool] -> batchnorm -> sign, so this layer stays unfused with float outputs"));
                }
                continue;
            }
            List<LayerSpec> between = layers.subList(i + 1, sign);
            boolean plain = between.size() == 1 && between.get(0) instanceof BatchNormSpec;
            boolean pooled = between.size() == 2 && between.get(0) instanceof MaxPoolSpec
                    && between.get(1) instanceof BatchNormSpec;
            if (plain || pooled) {
                FusionBlock.Kind kind = binaryWeights && binaryIn[i] ? FusionBlock.Kind.BATCHSHIFT
                        : FusionBlock.Kind.THRESHOLD;
                blocks.add(new FusionBlock(kind, i, pooled ? i + 1 : -1, sign - 1, sign));
            } else if (issues != null) {
                String path = between.isEmpty() ? "nothing" : between.stream()
                        .map(l -> l.type() + " '" + l.name() + "'").collect(Collectors.joining(" -> "));
                issues.add(new DesignIssue(Severity.WARNING, "FUSION_ORDER", w.name(), null, "between " + what
                        + " and sign '" + layers.get(sign).name() + "' there is " + path + "; fusion is exact only for "
                        + w.type() + " -> [maxpool] -> batchnorm -> sign, so this block stays unfused"));
            }
        }
        return blocks;
    }
}
