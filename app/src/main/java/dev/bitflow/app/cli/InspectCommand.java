package dev.bitflow.app.cli;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.ledger.Ledger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bitflow inspect FILE [--format table|json|csv|md] [--fused]}: the per-layer ledger. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print the ledger of a network definition: per layer shapes, precisions, parameters, bits "
                + "and operations, and totals (fp32 size, fused size, MACs, float multiplications in middle layers).",
                "FILE is a *.bitflow.json file, a trained model (.bfm), a fused model (.bff, implies --fused) or the name "
                        + "of a bundled sample (e.g. bitflow-alexnet)."})
final class InspectCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "definition, .bfm or .bff file, or sample name")
    String file;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            converter = OutputFormat.AnyFormat.class, completionCandidates = OutputFormat.AnyFormat.class,
            description = "output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Option(names = "--fused", description = "operations and per-channel parameters after BatchShift fusion")
    boolean fused;

    InspectCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        OutputFormat f = format;
        NetworkDefinition d = DefinitionSource.load(context.engine(), file);
        Ledger ledger = context.engine().ledger().ledger(d, fused || DefinitionSource.isFusedModel(file));
        context.out().print(LedgerRenderer.render(ledger, f));
        return BitflowCli.EXIT_OK;
    }
}
