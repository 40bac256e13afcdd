package dev.bitflow.app.service;

import dev.bitflow.engine.api.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Error reports for failures that are bugs, not bad input: the full stack trace goes to a file in the user's
 * log folder ({@link UserFolders#logs()}), and the user sees one line naming that file. Keeps the newest
 * {@value #KEEP} reports.
 */
public final class CrashLog {
    static final int KEEP = 20;
    private static final String PREFIX = "crash-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Path folder;
    private final String version;

    /**
     * @param folder  where reports go (created when the first one is written)
     * @param version the workbench version, written into each report
     */
    public CrashLog(Path folder, String version) {
        this.folder = folder;
        this.version = version;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Writes a report of {@code failure} (what was being done: a command line, a view's action).
     *
     * @return the report's file, or empty when it could not be written (the caller then says so in one line)
     */
    public Optional<Path> write(Throwable failure, String doing) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        w.println("BitFlow Workbench " + version + " error report");
        w.println("time:    " + Instant.now());
        w.println("doing:   " + doing);
        w.println("java:    " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        w.println("os:      " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        w.println();
        failure.printStackTrace(w);
        w.flush();
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(PREFIX + STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + ".log");
            AtomicFiles.writeString(file, text.toString());
            prune();
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a report of {@code failure} and returns the one line a user sees: what failed and where the details
     * are (or that no report could be written). The same line for every entry point.
     */
    public String reportLine(Throwable failure, String doing) {
        Optional<Path> report = write(failure, doing);
        String message = failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage());
        return "internal error (a bug in BitFlow Workbench): " + failure.getClass().getSimpleName() + message
                + report.map(f -> "; the details are in " + f).orElse("; no error report could be written to " + folder);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl) + " ...";
    }

    /** Deletes all but the newest {@value #KEEP} reports. */
    private void prune() throws IOException {
        List<Path> reports;
        try (Stream<Path> s = Files.list(folder)) {
            reports = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.toString().endsWith(".log"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        }
        for (int i = KEEP; i < reports.size(); i++) {
            Files.deleteIfExists(reports.get(i));
        }
    }
}
