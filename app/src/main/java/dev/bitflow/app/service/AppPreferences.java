package dev.bitflow.app.service;

import java.io.OutputStreamWriter;
import dev.bitflow.engine.api.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The workbench's settings in one properties file in its settings folder ({@code ~/.bitflow} by default):
 * theme and recent files. Written atomically (temp file + move) on every change. The folder also holds the
 * autosave files ({@link #autosaveDirectory()}).
 */
public final class AppPreferences {
    public static final int MAX_RECENT = 8;
    private static final String FILE = "workbench.properties";

    private final Path directory;
    private final Properties values = new Properties();

    public AppPreferences(Path directory) {
        this.directory = directory;
        Path file = directory.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // A damaged settings file must not stop the workbench: start from defaults.
                values.clear();
            }
        }
    }

    /** The default settings folder, {@code ~/.bitflow}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".bitflow");
    }

    public Path directory() {
        return directory;
    }

    public Path autosaveDirectory() {
        return directory.resolve("autosave");
    }

    public boolean darkTheme() {
        return Boolean.parseBoolean(values.getProperty("theme.dark", "false"));
    }

    public void setDarkTheme(boolean dark) {
        values.setProperty("theme.dark", Boolean.toString(dark));
        store();
    }

    /** Recent definition files, most recent first. */
    public List<Path> recentFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String v = values.getProperty("recent." + i);
            if (v != null && !v.isBlank()) {
                files.add(Path.of(v));
            }
        }
        return files;
    }

    /** Moves {@code file} to the front of the recent files (dropping the oldest beyond {@link #MAX_RECENT}). */
    public void addRecentFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>(recentFiles());
        files.remove(abs);
        files.add(0, abs);
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < files.size()) {
                values.setProperty("recent." + i, files.get(i).toString());
            } else {
                values.remove("recent." + i);
            }
        }
        store();
    }

    private void store() {
        try {
            AtomicFiles.write(directory.resolve(FILE), out -> {
                Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                values.store(text, "BitFlow Workbench settings");
                text.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write settings to " + directory.resolve(FILE), e);
        }
    }
}
