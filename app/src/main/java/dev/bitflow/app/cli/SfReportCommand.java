package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.analysis.SfAgreement;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfHistogram;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfReportOptions;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.analysis.SfVariantResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bitflow sf-report MODEL.bfm}: how the XNOR-Net scaling factor is cancelled by BatchNorm. Per binary
 * layer (and with {@code --channels} per channel) alpha, BatchNorm parameters, thresholds with and without alpha,
 * and the agreement of sign outputs and accuracy when alpha is removed with BatchNorm statistics rescaled (b, b')
 * or re-estimated on training data (c). JSON has everything, including per-channel histograms of the integer
 * pre-activations. Exit 1 if variant (b), which must equal the trained model exactly, disagrees anywhere outside a
 * float32 rounding tie.
 */
@Command(name = "sf-report", mixinStandardHelpOptions = true,
        description = "Show how the scaling factor (SF) is cancelled by BatchNorm in a trained model.")
final class SfReportCommand implements Callable<Integer> {
    private static final List<SfVariant> OTHERS = List.of(SfVariant.RESCALED, SfVariant.RESCALED_EPS_KEPT,
            SfVariant.REESTIMATED);
    private static final String[] LABEL = {"(a)", "(b)", "(b')", "(c)"};

    private final CliContext context;

    @Mixin
    ModelOnTestSetOptions input;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "" + SfReportOptions.DEFAULT_TRAIN_EXAMPLES,
            converter = Counts.NonNegative.class,
            description = "training examples that re-estimate BatchNorm statistics for (c) (0: all; default ${DEFAULT-VALUE})")
    int trainExamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the training subset")
    long seed;

    @Option(names = "--channels", description = "table: one row per channel under each layer")
    boolean channels;

    @Mixin
    TableOrJsonOption format;

    SfReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        int examples = input.limit.value();
        SfReport r = context.engine().analysis().sfReport(input.model.path, input.data.location(),
                new SfReportOptions(examples, trainExamples, seed), new StderrProgress(context.err(), "sf-report"));
        if (f == OutputFormat.JSON) {
            context.out().println(json(r));
        } else {
            table(r);
        }
        long outside = r.layers().stream().mapToLong(l -> l.agreement(SfVariant.RESCALED).disagreeingOutsideTies()).sum();
        return outside == 0 ? BitflowCli.EXIT_OK : BitflowCli.EXIT_FAILED;
    }

    // ---- JSON ----

    private String json(SfReport r) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model());
        root.put("file", input.model.path.toString());
        root.put("testData", r.testData());
        root.put("trainData", r.trainData());
        root.put("testExamples", r.testExamples());
        root.put("trainExamples", r.trainExamples());
        ArrayNode variants = root.putArray("variants");
        for (SfVariantResult v : r.variants()) {
            variants.addObject().put("variant", key(v.variant())).put("description", v.description())
                    .put("examples", v.examples()).put("correct", v.correct()).put("accuracy", v.accuracy())
                    .put("predictionsAgreeing", v.predictionsAgreeing()).put("predictionAgreement", v.predictionAgreement());
        }
        ArrayNode layers = root.putArray("layers");
        for (SfLayerReport l : r.layers()) {
            ObjectNode n = layers.addObject();
            n.put("name", l.name()).put("kind", l.kind()).put("batchNorm", l.batchNorm()).put("fanIn", l.fanIn())
                    .put("channels", l.channelCount()).put("positions", l.positions())
                    .put("scalingFactor", l.scalingFactor()).put("flipped", l.flipped()).put("constant", l.constant())
                    .put("zeroAlpha", l.zeroAlpha());
            ObjectNode changes = n.putObject("thresholdChanges");
            for (int i = 0; i < OTHERS.size(); i++) {
                changes.put(key(OTHERS.get(i)), l.thresholdChanges().get(i));
            }
            n.set("agreement", agreements(mapper, l.agreement()));
            ArrayNode chs = n.putArray("channelReports");
            for (SfChannelReport c : l.channels()) {
                ObjectNode cn = chs.addObject();
                cn.put("channel", c.channel());
                number(cn, "alpha", c.alpha());
                number(cn, "gamma", c.gamma());
                number(cn, "beta", c.beta());
                number(cn, "mean", c.mean());
                number(cn, "var", c.var());
                number(cn, "epsilon", c.epsilon());
                number(cn, "bias", c.bias());
                cn.put("flipped", c.flipped()).put("constant", c.constant()).put("constantValue", c.constantValue() ? 1 : -1);
                number(cn, "thresholdY", c.thresholdY());
                number(cn, "tauWithAlpha", c.tauWithAlpha());
                number(cn, "tauWithoutAlpha", c.tauWithoutAlpha());
                number(cn, "tauWithoutAlphaEpsKept", c.tauWithoutAlphaEpsKept());
                number(cn, "tauReestimated", c.tauReestimated());
                cn.put("intThreshold", c.intThreshold()).put("intThresholdRescaled", c.intThresholdRescaled())
                        .put("intThresholdEpsKept", c.intThresholdEpsKept())
                        .put("intThresholdReestimated", c.intThresholdReestimated());
                number(cn, "rescaledMean", c.rescaledMean());
                number(cn, "rescaledVar", c.rescaledVar());
                number(cn, "rescaledEpsilon", c.rescaledEpsilon());
                number(cn, "reestimatedMean", c.reestimatedMean());
                number(cn, "reestimatedVar", c.reestimatedVar());
                SfHistogram h = c.histogram();
                ObjectNode hn = cn.putObject("histogram");
                hn.put("min", h.min()).put("max", h.max()).put("total", h.total());
                ArrayNode counts = hn.putArray("counts");
                for (long count : h.counts()) {
                    counts.add(count);
                }
                cn.set("agreement", agreements(mapper, c.agreement()));
            }
        }
        root.put("tieDefinition", r.tieDefinition());
        return mapper.writeValueAsString(root);
    }

    private static ObjectNode agreements(ObjectMapper mapper, List<SfAgreement> list) {
        ObjectNode node = mapper.createObjectNode();
        for (SfAgreement a : list) {
            node.putObject(key(a.variant())).put("bits", a.bits()).put("agreeing", a.agreeing())
                    .put("agreement", a.agreement()).put("ties", a.ties())
                    .put("disagreeingOutsideTies", a.disagreeingOutsideTies())
                    .put("cascadedAgreeing", a.cascadedAgreeing()).put("cascadedAgreement", a.cascadedAgreement());
        }
        return node;
    }

    /** A finite number, or null (NaN thresholds of constant channels). */
    private static void number(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    /** JSON key of a variant: {@code trained}, {@code rescaled}, {@code rescaledEpsKept}, {@code reestimated}. */
    static String key(SfVariant v) {
        return switch (v) {
            case TRAINED -> "trained";
            case RESCALED -> "rescaled";
            case RESCALED_EPS_KEPT -> "rescaledEpsKept";
            case REESTIMATED -> "reestimated";
        };
    }

    // ---- table ----

    private void table(SfReport r) {
        PrintWriter o = context.out();
        o.printf(Locale.ROOT, "model       %s (%s)%n", r.model(), input.model.path);
        o.printf(Locale.ROOT, "test data   %s%n", r.testData());
        o.printf(Locale.ROOT, "train data  %s (re-estimates BatchNorm for (c))%n%n", r.trainData());
        o.printf(Locale.ROOT, "%-5s %-62s %9s %11s%n", "", "variant", "accuracy", "same pred.");
        for (SfVariantResult v : r.variants()) {
            o.printf(Locale.ROOT, "%-5s %-62s %8.2f%% %10.2f%%%n", LABEL[v.variant().ordinal()], v.description(),
                    100 * v.accuracy(), 100 * v.predictionAgreement());
        }
        o.println();
        o.printf(Locale.ROOT, "sign agreement with (a), layer-local (cascaded end to end in brackets); t changed ="
                + " channels whose integer threshold moved%n");
        o.printf(Locale.ROOT, "%-10s %-5s %6s %4s %4s %5s %11s %5s %8s %20s %20s %11s%n", "layer", "kind", "K", "ch",
                "flip", "const", "(b) agree", "ties", "outside", "(b') agree (casc.)", "(c) agree (casc.)", "t changed");
        for (SfLayerReport l : r.layers()) {
            SfAgreement b = l.agreement(SfVariant.RESCALED);
            SfAgreement be = l.agreement(SfVariant.RESCALED_EPS_KEPT);
            SfAgreement c = l.agreement(SfVariant.REESTIMATED);
            o.printf(Locale.ROOT, "%-10s %-5s %6d %4d %4d %5d %10.4f%% %5d %8d %8.4f%% (%7.3f%%) %8.4f%% (%7.3f%%) %3d/%d/%d%n",
                    l.name(), l.kind(), l.fanIn(), l.channelCount(), l.flipped(), l.constant(), 100 * b.agreement(),
                    b.ties(), b.disagreeingOutsideTies(), 100 * be.agreement(), 100 * be.cascadedAgreement(),
                    100 * c.agreement(), 100 * c.cascadedAgreement(), l.thresholdChanges().get(0),
                    l.thresholdChanges().get(1), l.thresholdChanges().get(2));
            if (channels) {
                channelRows(o, l);
            }
        }
        List<String> withoutSf = r.layers().stream().filter(l -> !l.scalingFactor()).map(SfLayerReport::name).toList();
        if (!withoutSf.isEmpty()) {
            o.printf(Locale.ROOT, "%nno scaling factor in %s: alpha = 1 there, so (b) and (b') are the trained layer"
                    + " and only (c) changes it.%n", String.join(", ", withoutSf));
        }
        o.printf(Locale.ROOT, "%n(b) must agree everywhere except float32 rounding ties: %d disagreement(s) outside ties.%n",
                r.layers().stream().mapToLong(l -> l.agreement(SfVariant.RESCALED).disagreeingOutsideTies()).sum());
        o.printf(Locale.ROOT, "ties: %s%n", r.tieDefinition());
    }

    private static void channelRows(PrintWriter o, SfLayerReport l) {
        o.printf(Locale.ROOT, "  %4s %9s %9s %9s %10s %10s %9s %11s %11s %6s %6s %5s %9s %9s%n", "ch", "alpha", "gamma",
                "beta", "mu", "var", "bias", "tau(alpha)", "tau(no a)", "t", "t(c)", "", "(b)", "(c)");
        for (SfChannelReport c : l.channels()) {
            String flag = c.constant() ? (c.constantValue() ? "=+1" : "=-1") : c.flipped() ? "<=" : ">=";
            o.printf(Locale.ROOT, "  %4d %9.5f %9.4f %9.4f %10.4f %10.4f %9.4f %11.4f %11.4f %6d %6d %5s %8.3f%% %8.3f%%%n",
                    c.channel(), c.alpha(), c.gamma(), c.beta(), c.mean(), c.var(), c.bias(), c.tauWithAlpha(),
                    c.tauWithoutAlpha(), c.intThreshold(), c.intThresholdReestimated(), flag,
                    100 * c.agreement(SfVariant.RESCALED).agreement(), 100 * c.agreement(SfVariant.REESTIMATED).agreement());
        }
    }
}
