package dev.bitflow.engine.api.fusion;

import java.util.List;

/**
 * The result of fusing a model: per fused layer its BatchShift statistics (what {@code bitflow fuse} prints
 * and the GUI's BatchShift table shows), and the size of the written {@code .bff} file.
 *
 * @param fileBytes size of the written file, or 0 when nothing was written
 */
public record FusionSummary(String model, List<FusedLayerSummary> layers, long fileBytes) {
    public FusionSummary {
        layers = List.copyOf(layers);
    }
}
