package dev.bitflow.engine.runs;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunListing;
import dev.bitflow.engine.api.runs.RunProblem;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunSettings;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.runs.RunWorkspace;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingService;
import dev.bitflow.engine.io.RunJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A runs workspace on disk. Each run is a folder named {@code yyyyMMdd-HHmmss-<definition>} (a number added
 * when taken) holding {@link #RUN_FILE}, {@link #DEFINITION_FILE}, and later {@link #MODEL_FILE} and
 * {@link #FUSED_FILE}. Folders without {@code run.json} and no other content are skipped; any other folder that
 * cannot be read becomes a {@link RunProblem}. A {@code run.json} larger than {@link #MAX_RUN_FILE_BYTES} is
 * refused rather than read.
 */
final class FolderRunWorkspace implements RunWorkspace {
    static final String RUN_FILE = "run.json";
    static final String DEFINITION_FILE = "definition.bitflow.json";
    static final String MODEL_FILE = "model.bfm";
    static final String FUSED_FILE = "fused.bff";
    /** Generous: a day of curves sampled ten times a second is about 30 MB. */
    static final long MAX_RUN_FILE_BYTES = 64L << 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path folder;
    private final DefinitionService definitions;
    private final TrainingService training;
    private final FusionService fusion;

    FolderRunWorkspace(Path folder, DefinitionService definitions, TrainingService training, FusionService fusion) {
        this.folder = folder.toAbsolutePath().normalize();
        this.definitions = definitions;
        this.training = training;
        this.fusion = fusion;
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public RunListing list() {
        List<RunRecord> runs = new ArrayList<>();
        List<RunProblem> problems = new ArrayList<>();
        List<Path> children;
        try (Stream<Path> s = Files.list(folder)) {
            children = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return new RunListing(List.of(), List.of(new RunProblem(folder, "cannot list the workspace: " + e.getMessage())));
        }
        for (Path dir : children) {
            String name = dir.getFileName().toString();
            if (name.startsWith(".") || !ID.matcher(name).matches()) {
                continue;
            }
            try {
                if (!Files.exists(dir.resolve(RUN_FILE)) && isEmptyOrTemporary(dir)) {
                    continue; // a run being created right now, or what a killed one left before writing anything
                }
                runs.add(read(dir));
            } catch (BadInputException e) {
                problems.add(new RunProblem(dir, e.getMessage()));
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                problems.add(new RunProblem(dir, dir.resolve(RUN_FILE) + ": " + e.getMessage()));
            }
        }
        runs.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::id));
        return new RunListing(runs, problems);
    }

    private static boolean isEmptyOrTemporary(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().startsWith("."));
        }
    }

    private RunRecord read(Path dir) throws IOException {
        Path runFile = dir.resolve(RUN_FILE);
        if (!Files.isRegularFile(runFile)) {
            throw new BadInputException(runFile + ": missing (the run was not written completely)");
        }
        long size = Files.size(runFile);
        if (size > MAX_RUN_FILE_BYTES) {
            throw new BadInputException(runFile + ": " + size + " bytes, more than a run file can be ("
                    + MAX_RUN_FILE_BYTES + ")");
        }
        Path defFile = dir.resolve(DEFINITION_FILE);
        if (!Files.isRegularFile(defFile)) {
            throw new BadInputException(defFile + ": missing");
        }
        NetworkDefinition definition = definitions.load(defFile);
        return RunJson.read(Files.readAllBytes(runFile), runFile.toString(), dir.getFileName().toString(), definition,
                Files.isRegularFile(dir.resolve(MODEL_FILE)), Files.isRegularFile(dir.resolve(FUSED_FILE)));
    }

    @Override
    public RunRecord create(String name, NetworkDefinition definition, RunSettings settings, Instant startedAt) {
        String base = STAMP.format(startedAt) + "-" + slug(definition.name());
        Path dir = null;
        for (int n = 1; dir == null; n++) {
            Path candidate = folder.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.createDirectories(folder);
                dir = Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                if (n > 1000) {
                    throw new UncheckedIOException("cannot create a run folder in " + folder, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a run folder in " + folder + ": " + e.getMessage(), e);
            }
        }
        definitions.save(definition, dir.resolve(DEFINITION_FILE));
        RunRecord run = new RunRecord(dir.getFileName().toString(), name, false, definition, settings, RunStatus.RUNNING,
                "", startedAt, 0, RunCurves.EMPTY, null, false, false);
        return save(run);
    }

    @Override
    public RunRecord save(RunRecord run) {
        Path dir = dirOf(run);
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("run '" + run.name() + "' (" + dir + ") no longer exists");
        }
        try {
            AtomicFiles.writeBytes(dir.resolve(RUN_FILE), RunJson.write(run));
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(RUN_FILE) + ": cannot write: " + e.getMessage(), e);
        }
        return withFiles(run, dir);
    }

    @Override
    public RunRecord saveModel(RunRecord run, TrainedModel model) {
        Path dir = dirOf(run);
        training.save(model, dir.resolve(MODEL_FILE));
        return withFiles(run, dir);
    }

    @Override
    public TrainedModel loadModel(RunRecord run) {
        return training.load(dirOf(run).resolve(MODEL_FILE));
    }

    @Override
    public FusionSummary saveFusedModel(RunRecord run, FusedModel model, TaskMonitor monitor) {
        return fusion.save(model, dirOf(run).resolve(FUSED_FILE), monitor);
    }

    @Override
    public FusedModel loadFusedModel(RunRecord run) {
        return fusion.loadFused(dirOf(run).resolve(FUSED_FILE));
    }

    @Override
    public void delete(RunRecord run) {
        Path dir = dirOf(run);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The run's folder: a direct child of the workspace, whatever its id says. */
    private Path dirOf(RunRecord run) {
        if (!ID.matcher(run.id()).matches()) {
            throw new BadInputException("'" + run.id() + "' is not a run id of this workspace");
        }
        return folder.resolve(run.id());
    }

    private static RunRecord withFiles(RunRecord run, Path dir) {
        return run.withFiles(Files.isRegularFile(dir.resolve(MODEL_FILE)), Files.isRegularFile(dir.resolve(FUSED_FILE)));
    }

    /** A folder-name part from a definition name: letters, digits and dashes, at most 40. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "run" : s;
    }
}
