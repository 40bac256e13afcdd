package dev.bitflow.app.export;

import java.util.Locale;

/** The kinds of file the workbench exports, each with its file extension and the description a file chooser shows. */
public enum ExportFormat {
    PNG("png", "PNG images"),
    SVG("svg", "SVG drawings"),
    CSV("csv", "CSV tables (RFC 4180)"),
    HTML("html", "HTML pages");

    private final String extension;
    private final String description;

    ExportFormat(String extension, String description) {
        this.extension = extension;
        this.description = description;
    }

    /** Without the dot, lower case. */
    public String extension() {
        return extension;
    }

    public String description() {
        return description;
    }

    /** Whether {@code fileName} already ends in this format's extension (any case). */
    public boolean matches(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith("." + extension);
    }

    /** {@code fileName} with this format's extension appended unless it already has it. */
    public String withExtension(String fileName) {
        return matches(fileName) ? fileName : fileName + "." + extension;
    }
}
