package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.fusion.FusionProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The design checks a BCNN researcher needs, on top of {@link ShapeInference} and {@link FusionPlanner}.
 * Every code is listed, with its severity and meaning, in {@code docs/definition-format.md}.
 */
public final class DesignChecker {
    private DesignChecker() {
    }

    /** Shapes and issues of {@code d}, issues in layer order of discovery (shape, then per-layer, then whole network). */
    public static DesignReport check(NetworkDefinition d) {
        List<DesignIssue> issues = new ArrayList<>();
        List<LayerSpec> layers = d.layers();
        if (layers.isEmpty()) {
            issues.add(new DesignIssue(Severity.ERROR, "EMPTY_NETWORK", null, null, "the network has no layers"));
            return new DesignReport(List.of(), issues);
        }
        List<LayerShape> shapes = ShapeInference.infer(d, issues);
        int first = LayerRoles.firstWeightLayer(d);
        int last = LayerRoles.lastWeightLayer(d);
        if (first < 0) {
            issues.add(new DesignIssue(Severity.ERROR, "NO_WEIGHT_LAYER", null, null,
                    "the network has no conv2d or dense layer, so there is nothing to train"));
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            LayerSpec prev = i > 0 ? layers.get(i - 1) : null;
            boolean binaryIn = shapes.get(i).binaryInput();
            String n = l.name();
            if (LayerRoles.isWeightLayer(l)) {
                boolean binaryW = LayerRoles.weights(l) == Precision.BINARY;
                if (binaryW && i == first) {
                    issues.add(warn("FIRST_LAYER_BINARY", n, "weights", "first layer " + l.type() + " '" + n
                            + "' has binary weights; allowed, but the paper keeps the first layer in higher precision"));
                }
                if (binaryW && i == last && i != first) {
                    issues.add(warn("LAST_LAYER_BINARY", n, "weights", "last layer " + l.type() + " '" + n
                            + "' has binary weights; allowed, but the paper keeps the last layer in higher precision"));
                }
                if (binaryW && i != first && !binaryIn) {
                    issues.add(warn("BINARY_INPUT_NOT_BINARIZED", n, "weights", "binary " + l.type() + " '" + n
                            + "' gets real-valued input" + (prev == null ? "" : " from " + prev.type() + " '"
                            + prev.name() + "'") + ", not the output of a sign; its dot product is not an XNOR-popcount"
                            + " (put batchnorm -> sign before it)"));
                }
                if (!binaryW && i != first && i != last) {
                    issues.add(new DesignIssue(Severity.INFO, "FLOAT_MIDDLE_LAYER", n, "weights", "middle layer "
                            + l.type() + " '" + n + "' keeps float weights: its float operations remain after fusion"));
                }
                if (!binaryW && LayerRoles.scaling(l) == ScalingFactor.MEAN_ABS) {
                    issues.add(warn("SCALING_ON_FLOAT_WEIGHTS", n, "scaling", l.type() + " '" + n
                            + "' has float weights; the mean-abs scaling factor applies only to binary weights and is ignored"));
                }
                if (LayerRoles.hasBias(l) && nextSkippingMaxPool(layers, i) instanceof BatchNormSpec) {
                    issues.add(new DesignIssue(Severity.INFO, "BIAS_BEFORE_BN", n, "bias", l.type() + " '" + n
                            + "' has a bias followed by batchnorm, which subtracts it again; it adds parameters only"));
                }
                if (l instanceof Conv2dSpec c && c.padding() != null && !binaryIn
                        && (c.padding().mode() == PaddingMode.PLUS_ONE || c.padding().mode() == PaddingMode.MINUS_ONE)) {
                    issues.add(warn("PM_ONE_PADDING_ON_REAL_INPUT", n, "padding", "conv2d '" + n
                            + "' pads a real-valued input with " + (c.padding().mode() == PaddingMode.PLUS_ONE ? "+1" : "-1")
                            + "; +1/-1 padding is meant for binary inputs (use zero padding)"));
                }
            } else if (l instanceof SignSpec) {
                if (binaryIn) {
                    issues.add(new DesignIssue(Severity.INFO, "SIGN_ON_BINARY", n, null, "sign '" + n
                            + "' gets binary input; it does nothing"));
                } else if (!(prev instanceof BatchNormSpec)) {
                    issues.add(warn("SIGN_WITHOUT_BN", n, null, "sign '" + n + "' is not directly preceded by "
                            + "batchnorm (it follows " + (prev == null ? "the input" : prev.type() + " '" + prev.name() + "'")
                            + "); without BN the threshold is fixed at 0 and BatchShift has nothing to fold"));
                }
            } else if (l instanceof AvgPoolSpec && binaryIn) {
                issues.add(warn("AVGPOOL_ON_BINARY", n, null, "avgpool '" + n + "' averages binary (±1) values; its "
                        + "output is no longer binary; use maxpool (an OR on bits) on binary data"));
            } else if (l instanceof DropoutSpec && binaryIn && feedsBinaryLayer(layers, i)) {
                issues.add(warn("DROPOUT_ON_BINARY", n, "rate", "dropout '" + n + "' sits on binary data before a "
                        + "binary layer: in training it turns ±1 into 0 and ±1/(1-rate), so that layer trains on "
                        + "non-binary inputs"));
            } else if (l instanceof SoftmaxSpec && i != layers.size() - 1) {
                issues.add(new DesignIssue(Severity.ERROR, "SOFTMAX_NOT_LAST", n, null, "softmax '" + n
                        + "' must be the last layer (training applies cross-entropy to it)"));
            }
        }
        if (!(layers.get(layers.size() - 1) instanceof SoftmaxSpec)) {
            LayerSpec l = layers.get(layers.size() - 1);
            issues.add(new DesignIssue(Severity.ERROR, "MISSING_SOFTMAX", l.name(), null, "the last layer is "
                    + l.type() + " '" + l.name() + "'; a classifier ends with a softmax layer"));
        }
        // the task's class count: the class subset's, else the pinned class names' (a trained model's)
        int classes = d.dataset() == null ? 0 : !d.dataset().classes().isEmpty() ? d.dataset().classes().size()
                : d.dataset().classNames().size();
        Shape out = shapes.get(shapes.size() - 1).output();
        if (classes > 0 && out != null && out.size() != classes) {
            String layer = last >= 0 ? layers.get(last).name() : null;
            issues.add(new DesignIssue(Severity.ERROR, "OUTPUT_CLASS_MISMATCH", layer,
                    last >= 0 && layers.get(last) instanceof DenseSpec ? "units" : null, "the network outputs " + out.size()
                    + " values but the dataset task has " + classes + " classes " + (d.dataset().classes().isEmpty()
                    ? d.dataset().classNames() : d.dataset().classes())));
        }
        if (shapes.stream().allMatch(s -> s.output() != null)) {
            fusionProblems(d, issues);
        }
        return new DesignReport(shapes, issues);
    }

    /**
     * The {@link FusionPlanner}'s problems as WARNING {@code FUSION_ORDER}, for a network with binary weights (a
     * float network is not meant to be fused, so its problems are not reported): what {@code bitflow fuse} would
     * refuse, with the same layer and reason.
     */
    private static void fusionProblems(NetworkDefinition d, List<DesignIssue> issues) {
        boolean binary = d.layers().stream()
                .anyMatch(l -> LayerRoles.isWeightLayer(l) && LayerRoles.weights(l) == Precision.BINARY);
        if (!binary) {
            return;
        }
        for (FusionProblem p : FusionPlanner.plan(d).problems()) {
            issues.add(warn("FUSION_ORDER", p.layer(), null, "not fusable exactly: " + p));
        }
    }

    private static LayerSpec nextSkippingMaxPool(List<LayerSpec> layers, int i) {
        int j = i + 1;
        if (j < layers.size() && layers.get(j) instanceof MaxPoolSpec) {
            j++;
        }
        return j < layers.size() ? layers.get(j) : null;
    }

    private static boolean feedsBinaryLayer(List<LayerSpec> layers, int i) {
        for (int j = i + 1; j < layers.size(); j++) {
            if (LayerRoles.isWeightLayer(layers.get(j))) {
                return LayerRoles.weights(layers.get(j)) == Precision.BINARY;
            }
        }
        return false;
    }

    private static DesignIssue warn(String code, String layer, String field, String message) {
        return new DesignIssue(Severity.WARNING, code, layer, field, message);
    }
}
