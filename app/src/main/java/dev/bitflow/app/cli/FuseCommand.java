package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.api.io.OutputGuard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bitflow fuse MODEL.bfm --out FILE.bff}: BatchShift fusion of a trained model into a fused model file,
 * with a per-layer table of the shifts (range, bit width, flipped and constant channels). A model that
 * cannot be fused exactly is refused (exit 2) with every layer and reason.
 */
@Command(name = "fuse", mixinStandardHelpOptions = true,
        description = "Fuse SF + BatchNorm + sign of a trained model (*.bfm) into BatchShift integers (*.bff).")
final class FuseCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    ModelFileParameter modelFile;

    @Option(names = "--out", paramLabel = "FILE", description = "the fused model file to write (default: MODEL with .bff)")
    Path out;

    @Option(names = "--force", description = "replace an existing --out file of another kind (a trained model, a "
            + "definition, a file of another program); the model read is never replaced")
    boolean force;

    @Mixin
    TableOrJsonOption format;

    FuseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        Path target = new OutputGuard(force, "use --force to replace it").input("MODEL", modelFile.path)
                .output("--out", out != null ? out : defaultOut(modelFile.path), FileKind.FUSED_MODEL);
        FusionSummary s = context.engine().fusion().fuse(modelFile.path, target, TaskMonitor.NONE);
        PrintWriter o = context.out();
        if (f == OutputFormat.JSON) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            var root = mapper.createObjectNode();
            root.put("model", modelFile.path.toString());
            root.put("out", target.toString());
            root.put("bytes", s.fileBytes());
            root.set("layers", mapper.valueToTree(s.layers()));
            o.println(mapper.writeValueAsString(root));
            return BitflowCli.EXIT_OK;
        }
        o.printf(Locale.ROOT, "%-12s %-7s %8s %6s %15s %5s %8s %9s %s%n", "layer", "kind", "channels", "K", "shift range",
                "bits", "flipped", "constant", "pools pre-BN/post");
        for (FusedLayerSummary l : s.layers()) {
            String range = l.kind().equals("binary") ? "[" + l.minShift() + ", " + l.maxShift() + "]"
                    : l.kind().equals("first") ? "float thresh." : "additions";
            String bits = l.kind().equals("binary") ? Integer.toString(l.bitWidth()) : "-";
            o.printf(Locale.ROOT, "%-12s %-7s %8d %6d %15s %5s %8d %9d %d/%d%n", l.name(), l.kind(), l.channels(),
                    l.dotLength(), range, bits, l.flipped(), l.constant(), l.andPools(), l.orPools());
        }
        o.printf(Locale.ROOT, "%nwrote %s (%,d bytes)%n", target, s.fileBytes());
        return BitflowCli.EXIT_OK;
    }

    static Path defaultOut(Path model) {
        String name = model.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".bfm") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(base + ".bff");
    }
}
