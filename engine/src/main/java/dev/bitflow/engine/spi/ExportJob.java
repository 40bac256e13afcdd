package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.io.IoConsumer;
import dev.bitflow.engine.api.training.TrainedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One export: the model in the forms the engine could make of it, and the only way an exporter writes files. Every
 * file goes into {@link #directory()} under a plain file name (no folder part), is written atomically
 * ({@link AtomicFiles}), and is refused if it is one of the inputs or was already written by this job.
 */
public final class ExportJob {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}");

    private final String format;
    private final NetworkDefinition definition;
    private final List<LayerShape> shapes;
    private final TrainedModel trained;
    private final FusedModel fused;
    private final String notFused;
    private final Path directory;
    private final List<Path> inputs;
    private final List<Path> written = new ArrayList<>();

    /**
     * @param trained  the trained model, or null (a fused model or a definition was given)
     * @param fused    the fused model, or null (a definition was given, or the model does not fuse)
     * @param notFused why there is no fused model, for messages; null when there is one
     * @param shapes   every layer's inferred input and output shape (the definition has no shape error)
     * @param inputs   files the export read, never to be overwritten
     */
    public ExportJob(String format, NetworkDefinition definition, List<LayerShape> shapes, TrainedModel trained,
                     FusedModel fused, String notFused, Path directory, List<Path> inputs) {
        this.format = format;
        this.definition = definition;
        this.shapes = List.copyOf(shapes);
        this.trained = trained;
        this.fused = fused;
        this.notFused = notFused;
        this.directory = directory.toAbsolutePath().normalize();
        this.inputs = inputs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public NetworkDefinition definition() {
        return definition;
    }

    /** Every layer's input and output shape, in the definition's order. */
    public List<LayerShape> shapes() {
        return shapes;
    }

    /** The trained model, or null. */
    public TrainedModel trained() {
        return trained;
    }

    /** The fused model, or null. */
    public FusedModel fused() {
        return fused;
    }

    /** The fused model, or a {@link BadInputException} saying why there is none and what the format needs. */
    public FusedModel requireFused() {
        if (fused == null) {
            throw new BadInputException("export " + format + " needs a fused model (*.bff) or a trained model (*.bfm) "
                    + "that fuses exactly; " + notFusedReason());
        }
        return fused;
    }

    /** Why there is no fused model (null when there is one), for notes. */
    public String notFusedReason() {
        return fused != null ? null : notFused != null ? notFused : "a definition has no parameters";
    }

    /** The trained model, or a {@link BadInputException} saying that the format needs float parameters. */
    public TrainedModel requireTrained() {
        if (trained == null) {
            throw new BadInputException("export " + format + " needs a trained model (*.bfm) with float parameters");
        }
        return trained;
    }

    /** The folder the files go to (absolute). */
    public Path directory() {
        return directory;
    }

    /**
     * A file name stem from the model's name: letters, digits and {@code _} only, starting with a letter (so it is
     * also a C and Python identifier), for example {@code fashion_bcnn}.
     */
    public String baseName() {
        String s = definition.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("_+", "_")
                .replaceAll("^_|_$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "model_" + s;
        }
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** Writes {@code name} in the folder atomically with what {@code body} writes; returns its path. */
    public Path write(String name, IoConsumer<OutputStream> body) throws IOException {
        Path target = target(name);
        Files.createDirectories(directory);
        AtomicFiles.write(target, body);
        written.add(target);
        return target;
    }

    /** Writes {@code text} as UTF-8. */
    public Path writeString(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return write(name, out -> out.write(bytes));
    }

    /** Writes {@code bytes}. */
    public Path writeBytes(String name, byte[] bytes) throws IOException {
        return write(name, out -> out.write(bytes));
    }

    /** The files written so far, in order. */
    public List<Path> written() {
        return List.copyOf(written);
    }

    /** The report of this job: the files written, with {@code figures} and {@code notes}. */
    public ExportReport report(List<ExportFigure> figures, List<String> notes) {
        return new ExportReport(format, definition.name(), directory, written, figures, notes);
    }

    private Path target(String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("exporter " + format + " chose a file name that is not a plain name: '"
                    + name + "'");
        }
        Path target = directory.resolve(name).normalize();
        if (!directory.equals(target.getParent())) {
            throw new IllegalArgumentException("'" + name + "' would land outside " + directory);
        }
        for (Path in : inputs) {
            if (sameFile(in, target)) {
                throw new BadInputException(target + " is an input of this export; choose another output folder");
            }
        }
        if (written.contains(target)) {
            throw new IllegalStateException("exporter " + format + " wrote " + name + " twice");
        }
        return target;
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
