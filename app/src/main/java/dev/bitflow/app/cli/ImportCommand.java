package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow import npz FILE --definition DEF --out M.bfm}: a trained model from a weight file (for example the
 * {@code .npz} the exported PyTorch script saves) and the definition it belongs to. Every parameter is matched by
 * name and shape; each mismatch is named (exit 2). The written model records where it came from.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Build a trained model (*.bfm) from a weight file (npz) and its definition.")
final class ImportCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "the weight file format, for example npz")
    String format;

    @Parameters(index = "1", paramLabel = "FILE", description = "the weight file")
    Path file;

    @Option(names = "--definition", paramLabel = "DEF", required = true,
            description = "the definition the weights belong to (file or sample name)")
    String definition;

    @Option(names = "--out", paramLabel = "M.bfm", required = true, description = "the trained model file to write")
    Path out;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Engine engine = context.engine();
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bfm")) {
            throw new BadInputException(out + ": the output must be a trained model file ending in .bfm");
        }
        refuseOverwritingInput(out, file);
        Path defPath = Path.of(definition);
        if (Files.exists(defPath)) {
            refuseOverwritingInput(out, defPath);
        }
        NetworkDefinition def = DefinitionSource.load(engine, definition);
        TrainedModel model = engine.exports().importModel(format, file, def,
                new StderrProgress(context.err(), "import"));
        engine.training().save(model, out);
        PrintWriter o = context.out();
        Provenance p = model.provenance();
        o.printf(Locale.ROOT, "imported %d parameters of '%s' from %s%n", model.parameterValues().size(),
                def.name(), file);
        if (p != null && p.origin() != null) {
            o.println("origin: " + p.origin());
        }
        o.println("wrote " + out);
        o.flush();
        return BitflowCli.EXIT_OK;
    }

    private static void refuseOverwritingInput(Path out, Path input) {
        try {
            Path a = out.toAbsolutePath().normalize();
            Path b = input.toAbsolutePath().normalize();
            if (a.equals(b) || (Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b))) {
                throw new BadInputException(out + " is an input of this import; choose another output file");
            }
        } catch (IOException e) {
            throw new BadInputException(out + ": " + e.getMessage(), e);
        }
    }
}
