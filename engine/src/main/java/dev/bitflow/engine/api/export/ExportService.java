package dev.bitflow.engine.api.export;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Models out and in, through the exporter and importer plugins: C99 for microcontrollers, ONNX, a PyTorch training
 * script, and weights from a {@code .npz} file (docs/export.md). Exports write only into the folder given, only
 * file names the exporter chooses, each atomically, and never over one of the inputs. Long work reports through the
 * {@link TaskMonitor} and stops with {@link dev.bitflow.engine.api.CancelledException} when it is cancelled.
 */
public interface ExportService {
    /** The export formats the plugins provide. */
    List<ExportFormat> exporters();

    /** The import formats the plugins provide. */
    List<ExportFormat> importers();

    /**
     * Exports a trained model: its float parameters, and its fused network when it can be fused exactly.
     *
     * @param source the file the model was read from, or null; never overwritten
     * @throws BadInputException for an unknown format, a model the format cannot take (the message says what it
     *                           needs), or an output that would overwrite an input
     */
    ExportReport export(String format, TrainedModel model, Path source, Path directory, TaskMonitor monitor);

    /** Exports a fused model (formats that need float parameters refuse it, saying so). */
    ExportReport export(String format, FusedModel model, Path source, Path directory, TaskMonitor monitor);

    /** Exports a definition (formats that need parameters refuse it, saying so). */
    ExportReport export(String format, NetworkDefinition definition, Path source, Path directory, TaskMonitor monitor);

    /**
     * Builds a trained model from a weight file and the definition it belongs to: every parameter the definition
     * needs, matched by name ({@code layer/param}) with its shape checked; a missing, unexpected, misshapen or
     * non-finite array is refused, every one named in the message. The model's provenance says where it came from.
     *
     * @param format an importer id, for example {@code npz}
     */
    TrainedModel importModel(String format, Path file, NetworkDefinition definition, TaskMonitor monitor);
}
