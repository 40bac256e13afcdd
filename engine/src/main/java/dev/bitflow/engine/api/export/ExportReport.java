package dev.bitflow.engine.api.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote and measured.
 *
 * @param format    the exporter's id
 * @param model     the model's name
 * @param directory the folder the files were written to
 * @param files     every file written, in order
 * @param figures   measured or counted figures (sizes, ledger byte counts), possibly empty
 * @param notes     sentences for the user: what each file is, what was skipped and why
 */
public record ExportReport(String format, String model, Path directory, List<Path> files, List<ExportFigure> figures,
                           List<String> notes) {
    public ExportReport {
        files = List.copyOf(files);
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /** This report with more figures appended. */
    public ExportReport withFigures(List<ExportFigure> more) {
        List<ExportFigure> all = new java.util.ArrayList<>(figures);
        all.addAll(more);
        return new ExportReport(format, model, directory, files, all, notes);
    }
}
