package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.fusion.ChannelAgreement;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.Mismatch;
import dev.bitflow.engine.api.fusion.Verdict;
import dev.bitflow.engine.api.fusion.VerificationReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bitflow verify MODEL.bfm}: proof of equivalence of the fused network with the float network on the test
 * set: per layer (and in JSON per channel) how many activation bits agree, mismatches and ties, prediction
 * agreement, and the three-valued {@link Verdict}. Exit 0 for "equal" and "equal up to float32 ties", 1 for
 * "different" (a prediction, a bit outside the ties or a class score differs, or a value is NaN or infinite),
 * 2 when the model cannot be fused exactly (the same refusal as {@code fuse}).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove the BatchShift-fused network equals the float network on the test set.",
                "Verdict: equal (every bit), equal up to float32 ties (all predictions agree), or different.",
                "Exit codes: 0 equal or equal up to ties, 1 different, 2 not fusable or bad input."})
final class VerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ModelOnTestSetOptions input;

    @Mixin
    TableOrJsonOption format;

    VerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        int examples = input.limit.value();
        VerificationReport r = context.engine().fusion().verify(input.model.path, input.data.location(), examples,
                new StderrProgress(context.err(), "verify"));
        if (f == OutputFormat.JSON) {
            context.out().println(json(r));
        } else {
            table(r);
        }
        return r.verdict() == Verdict.DIFFERENT ? BitflowCli.EXIT_FAILED : BitflowCli.EXIT_OK;
    }

    private String json(VerificationReport r) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", input.model.path.toString());
        root.put("data", r.data());
        root.put("verdict", r.verdict().name());
        root.put("verdictSentence", r.verdictSentence());
        root.put("examples", r.examples());
        root.put("predictionAgreement", r.predictionAgreement());
        root.put("predictionsAgreeing", r.predictionsAgreeing());
        root.put("floatAccuracy", r.floatAccuracy());
        root.put("fusedAccuracy", r.fusedAccuracy());
        root.put("outputScoreMismatches", r.outputScoreMismatches());
        root.put("mismatchesOutsideTies", r.mismatchesOutsideTies());
        root.put("ties", r.ties());
        root.put("nonFiniteValues", r.nonFiniteValues());
        root.put("tieDefinition", r.tieDefinition());
        ArrayNode layers = root.putArray("layers");
        for (LayerAgreement l : r.layers()) {
            ObjectNode n = layers.addObject();
            n.put("name", l.name());
            n.put("kind", l.kind());
            n.put("bits", l.bits());
            n.put("bitAgreement", l.bitAgreement());
            n.put("mismatches", l.mismatches());
            n.put("ties", l.ties());
            n.put("nearTies", l.nearTies());
            ArrayNode channels = n.putArray("channels");
            for (ChannelAgreement c : l.channels()) {
                channels.addObject().put("channel", c.channel()).put("bits", c.bits()).put("agreeing", c.agreeing())
                        .put("mismatches", c.mismatches()).put("ties", c.ties());
            }
        }
        root.set("mismatches", mapper.valueToTree(r.mismatches()));
        root.put("mismatchesTruncated", r.mismatchesTruncated());
        return mapper.writeValueAsString(root);
    }

    private void table(VerificationReport r) {
        PrintWriter o = context.out();
        o.printf(Locale.ROOT, "verdict                  %s%n", r.verdict().words().toUpperCase(Locale.ROOT));
        o.printf(Locale.ROOT, "                         %s%n", r.verdictSentence());
        o.printf(Locale.ROOT, "model                    %s%n", input.model.path);
        o.printf(Locale.ROOT, "data                     %s%n", r.data());
        o.printf(Locale.ROOT, "prediction agreement     %.4f%% (%d of %d)%n", 100 * r.predictionAgreement(),
                r.predictionsAgreeing(), r.examples());
        o.printf(Locale.ROOT, "accuracy float / fused   %.2f%% / %.2f%%%n", 100 * r.floatAccuracy(), 100 * r.fusedAccuracy());
        o.printf(Locale.ROOT, "mismatches outside ties  %d%n", r.mismatchesOutsideTies());
        o.printf(Locale.ROOT, "ties                     %d%n", r.ties());
        o.printf(Locale.ROOT, "NaN or infinite values   %d%n", r.nonFiniteValues());
        o.printf(Locale.ROOT, "class-score mismatches   %d%n%n", r.outputScoreMismatches());
        o.printf(Locale.ROOT, "%-12s %-7s %14s %14s %11s %6s %10s%n", "layer", "kind", "bits", "bit agreement",
                "mismatches", "ties", "near-ties");
        for (LayerAgreement l : r.layers()) {
            o.printf(Locale.ROOT, "%-12s %-7s %,14d %13.6f%% %11d %6d %10d%n", l.name(), l.kind(), l.bits(),
                    100 * l.bitAgreement(), l.mismatches(), l.ties(), l.nearTies());
        }
        if (!r.mismatches().isEmpty()) {
            o.printf(Locale.ROOT, "%nmismatches (first %d):%n", Math.min(10, r.mismatches().size()));
            for (Mismatch m : r.mismatches().subList(0, Math.min(10, r.mismatches().size()))) {
                o.printf(Locale.ROOT, "  %s example %d channel %d at (%d,%d): float %s, pre-sign %.9g, tie bound %.3g -> %s%n",
                        m.layer(), m.example(), m.channel(), m.y(), m.x(), m.floatBit() ? "+1" : "-1", m.preSign(),
                        m.tieBound(), m.tie() ? "tie" : "NOT A TIE");
            }
        }
        o.printf(Locale.ROOT, "%nties: %s%n", r.tieDefinition());
    }
}
