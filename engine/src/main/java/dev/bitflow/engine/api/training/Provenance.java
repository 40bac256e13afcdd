package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.data.DatasetManifest;
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
 * @param dataset        the data set trained on (plugin, location, classes, sizes, checksums of the files read),
 *                       or null for models written before it was stored, for checkpoints and for imported models
 * @param origin         where the parameters came from when the workbench did not train them (for example
 *                       {@code imported from weights.npz (sha256 ...), trained by PyTorch 1.13.0}); null when it did
 */
public record Provenance(long seed, String datasetId, String datasetSha256, int epochs, Map<String, Double> metrics,
                         String jdk, String createdAt, String projectVersion, DatasetManifest dataset, String origin) {
    public Provenance {
        metrics = Map.copyOf(metrics);
    }

    /** The provenance of a model the workbench trained, without a data-set manifest. */
    public Provenance(long seed, String datasetId, String datasetSha256, int epochs, Map<String, Double> metrics,
                      String jdk, String createdAt, String projectVersion) {
        this(seed, datasetId, datasetSha256, epochs, metrics, jdk, createdAt, projectVersion, null, null);
    }

    /** The provenance of a model the workbench trained on the data set described by {@code dataset}. */
    public Provenance(long seed, String datasetId, String datasetSha256, int epochs, Map<String, Double> metrics,
                      String jdk, String createdAt, String projectVersion, DatasetManifest dataset) {
        this(seed, datasetId, datasetSha256, epochs, metrics, jdk, createdAt, projectVersion, dataset, null);
    }
}
