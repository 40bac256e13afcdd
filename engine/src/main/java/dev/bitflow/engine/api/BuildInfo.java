package dev.bitflow.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The workbench's version, as the build wrote it: the POM's {@code project.version}, put into
 * {@code build.properties} by Maven's resource filtering (and into each jar's manifest as
 * {@code Implementation-Version}). The one source of the version that {@code --version}, the About box and the
 * provenance of every model file show.
 */
public final class BuildInfo {
    private static final String VERSION = read();

    private BuildInfo() {
    }

    /** For example {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the engine's classes: the build "
                        + "did not run resource filtering");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException("build.properties has no filtered version: '" + v + "'");
            }
            return v.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
