package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import dev.bitflow.engine.api.training.TrainedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bitflow activations MODEL.bfm}: per binary layer and channel, the +1 rate of the activations over the
 * test images (computed by the fused bit-level network when the model fuses), and the dead (constant) and
 * nearly-constant channels: the numbers behind the bit-flow inspector's heat map, for scripts and papers.
 */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = "Per binary layer and channel: +1 rate of the activations on test images, dead channels.")
final class ActivationsCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ModelOnTestSetOptions input;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "" + ActivationRateOptions.DEFAULT_THRESHOLD,
            description = "nearly constant: +1 rate <= T or >= 1 - T (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--channels", description = "table: every channel's +1 rate under its layer")
    boolean channels;

    @Mixin
    TableOrJsonOption format;

    ActivationsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        ActivationRateOptions options = new ActivationRateOptions(input.limit.value(), threshold);
        TrainedModel model = context.engine().training().load(input.model.path);
        ActivationRates r = context.engine().analysis().activationRates(model, input.data.location(), options,
                new StderrProgress(context.err(), "activations"));
        if (f == OutputFormat.JSON) {
            context.out().println(json(r));
        } else {
            table(r, context.out());
        }
        return BitflowCli.EXIT_OK;
    }

    private String json(ActivationRates r) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", r.model()).put("file", input.model.path.toString()).put("data", r.data())
                .put("examples", r.examples()).put("threshold", r.threshold()).put("path", r.path().name())
                .put("channels", r.channels()).put("constantChannels", r.constantChannels())
                .put("nearlyConstantChannels", r.nearlyConstantChannels());
        ArrayNode layers = root.putArray("layers");
        for (LayerActivationRates l : r.layers()) {
            ObjectNode n = layers.addObject();
            n.put("layer", l.layer()).put("block", l.block()).put("channels", l.channels()).put("height", l.height())
                    .put("width", l.width()).put("bitsPerChannel", l.bitsPerChannel()).put("constant", l.constant())
                    .put("nearlyConstant", l.nearlyConstant()).put("meanPlusOneRate", mean(l));
            ArrayNode dead = n.putArray("constantChannels");
            constantChannels(l).forEach(dead::add);
            ArrayNode rates = n.putArray("plusOneRates");
            for (double v : l.plusOneRates()) {
                rates.add(v);
            }
        }
        return mapper.writeValueAsString(root);
    }

    private void table(ActivationRates r, PrintWriter o) {
        o.printf(Locale.ROOT, "model %s on %s (%,d images); bits from the %s%n", r.model(), r.data(), r.examples(),
                r.path().label());
        o.printf(Locale.ROOT, "%-10s %-8s %8s %10s %8s %8s %8s %9s %9s%n", "layer", "block", "channels", "map",
                "mean +1", "min", "max", "constant", "nearly c.");
        for (LayerActivationRates l : r.layers()) {
            double[] v = l.plusOneRates();
            double min = 1;
            double max = 0;
            for (double x : v) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            o.printf(Locale.ROOT, "%-10s %-8s %8d %10s %8.3f %8.3f %8.3f %9d %9d%n", l.layer(), l.block(), l.channels(),
                    l.height() + "x" + l.width(), mean(l), min, max, l.constant(), l.nearlyConstant());
            if (channels) {
                StringBuilder line = new StringBuilder("    ");
                for (int c = 0; c < v.length; c++) {
                    line.append(String.format(Locale.ROOT, "%3d:%.3f ", c, v[c]));
                    if (c % 8 == 7 || c == v.length - 1) {
                        o.println(line.toString().stripTrailing());
                        line = new StringBuilder("    ");
                    }
                }
            }
        }
        o.printf(Locale.ROOT, "%d constant (dead) and %d nearly constant (+1 rate <= %s or >= %s, dead included) of %d "
                        + "channels%n", r.constantChannels(), r.nearlyConstantChannels(), pct(r.threshold()),
                pct(1 - r.threshold()), r.channels());
        for (LayerActivationRates l : r.layers()) {
            List<Integer> dead = constantChannels(l);
            if (!dead.isEmpty()) {
                o.printf(Locale.ROOT, "dead in %s: channels %s%n", l.layer(), dead);
            }
        }
        o.flush();
    }

    private static double mean(LayerActivationRates l) {
        double s = 0;
        for (double v : l.plusOneRates()) {
            s += v;
        }
        return l.channels() == 0 ? Double.NaN : s / l.channels();
    }

    private static List<Integer> constantChannels(LayerActivationRates l) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < l.channels(); c++) {
            if (l.isConstant(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * v);
    }
}
