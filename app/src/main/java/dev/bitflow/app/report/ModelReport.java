package dev.bitflow.app.report;

import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.Provenance;
import java.util.Objects;

/**
 * Everything the model report shows, as the engine computed it: the ledger before and after BatchShift fusion,
 * the float model's accuracy and confusion matrix, the SF cancellation report, the fused layers' shifts, the
 * verification of the fused network against the float one, and the model's provenance.
 *
 * @param source       where the model came from (its file, or "bundled sample")
 * @param data         which data location the numbers were measured on ({@code mini}, {@code standard}, a folder)
 * @param createdAt    when the report was made (ISO-8601)
 * @param version      the workbench version that made it
 * @param provenance   the model's provenance, or null when it has none
 */
public record ModelReport(NetworkDefinition definition, String source, String data, String createdAt, String version,
                          Provenance provenance, Ledger ledger, Ledger fusedLedger, EvaluationResult evaluation,
                          FusionSummary fusion, VerificationReport verification, SfReport sf) {
    public ModelReport {
        Objects.requireNonNull(definition);
        Objects.requireNonNull(ledger);
        Objects.requireNonNull(fusedLedger);
        Objects.requireNonNull(evaluation);
        Objects.requireNonNull(fusion);
        Objects.requireNonNull(verification);
        Objects.requireNonNull(sf);
    }

    /** The model's name. */
    public String name() {
        return definition.name();
    }
}
