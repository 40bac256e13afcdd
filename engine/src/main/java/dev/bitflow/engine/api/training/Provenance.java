package dev.bitflow.engine.api.training;

import java.util.Map;

/**
 * Where a trained model came from, stored in its manifest: enough to reproduce the run and to tell
 * models apart.
 *
 * @param seed           the training seed
 * @param datasetId      data-set plugin id, with the class subset if any (for example {@code fashion-mnist[6,0]})
 * @param datasetSha256  SHA-256 of the training files read
 * @param epochs         epochs completed
 * @param metrics        final metrics, for example {@code testAccuracy}, {@code trainLoss}
 * @param jdk            {@code java.version} and vendor of the training JVM
 * @param createdAt      ISO-8601 instant
 * @param projectVersion the workbench version that wrote the file
 * @param origin         where the parameters came from when the workbench did not train them (for example
 *                       {@code imported from weights.npz (sha256 ...), trained by PyTorch 1.13.0}); null when it did
 */
public record Provenance(long seed, String datasetId, String datasetSha256, int epochs, Map<String, Double> metrics,
                         String jdk, String createdAt, String projectVersion, String origin) {
    public Provenance {
        metrics = Map.copyOf(metrics);
    }

    /** The provenance of a model the workbench trained (no {@code origin}). */
    public Provenance(long seed, String datasetId, String datasetSha256, int epochs, Map<String, Double> metrics,
                      String jdk, String createdAt, String projectVersion) {
        this(seed, datasetId, datasetSha256, epochs, metrics, jdk, createdAt, projectVersion, null);
    }
}
