package dev.bitflow.engine.api.export;

/**
 * An export or import format a plugin provides.
 *
 * @param id          the name the command line takes, for example {@code c}, {@code onnx}, {@code pytorch}, {@code npz}
 * @param name        a human-readable name
 * @param description what it writes or reads
 * @param input       for an exporter, what it needs; null for an importer
 * @param extension   for an importer, the file name ending it reads (for example {@code .npz}); null for an exporter
 */
public record ExportFormat(String id, String name, String description, ExportInput input, String extension) {
}
