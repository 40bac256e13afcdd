package dev.bitflow.app.report;

import dev.bitflow.app.export.ExportFiles;
import dev.bitflow.app.export.ExportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model report into a folder: {@code DIR/<model>-report.html}, one self-contained page (figures inline
 * as SVG), atomically, never over an input ({@link ExportFiles}).
 */
public final class ReportWriter {
    private final ExportFiles files;

    public ReportWriter(ExportFiles files) {
        this.files = files;
    }

    /** The file the report of model {@code name} gets in {@code dir}. */
    public static Path fileFor(Path dir, String name) {
        String stem = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return dir.resolve((stem.isEmpty() ? "model" : stem) + "-report.html");
    }

    /** Writes the page; returns its file. */
    public Path write(ModelReport report, Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a folder; the report needs a folder to write into");
        }
        Files.createDirectories(dir);
        return files.writeText(fileFor(dir, report.name()), ExportFormat.HTML, ReportHtml.render(report));
    }
}
