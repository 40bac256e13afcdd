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
import dev.bitflow.engine.io.RunNumbersJson;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A runs workspace on disk. Each run is a folder named {@code yyyyMMdd-HHmmss-<definition>} (a number added
 * when taken) holding {@link #RUN_FILE}, {@link #DEFINITION_FILE}, and later {@link #MODEL_FILE} and
 * {@link #FUSED_FILE}; beside the folders, {@link #NUMBERS_FILE} holds the highest run number given. Folders
 * without {@code run.json} and no other content are skipped; any other folder that cannot be read becomes a
 * {@link RunProblem}. A {@code run.json} larger than {@link #MAX_RUN_FILE_BYTES} is refused rather than read.
 * Listing and creating are synchronized, so one workspace object never gives a number twice.
 */
final class FolderRunWorkspace implements RunWorkspace {
    static final String RUN_FILE = "run.json";
    static final String DEFINITION_FILE = "definition.bitflow.json";
    static final String MODEL_FILE = "model.bfm";
    static final String FUSED_FILE = "fused.bff";
    /** Beside the run folders: the highest run number the workspace gave ({@link RunNumbersJson}). */
    static final String NUMBERS_FILE = "numbers.json";
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
    public synchronized RunListing list() {
        List<RunJson.Read> read = new ArrayList<>();
        List<RunProblem> problems = new ArrayList<>();
        List<Path> children;
        try (Stream<Path> s = Files.list(folder)) {
            children = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return new RunListing(List.of(), List.of(new RunProblem(folder, "cannot list the workspace: "
                    + e.getMessage())), List.of(), 0);
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
                read.add(read(dir));
            } catch (BadInputException e) {
                problems.add(new RunProblem(dir, e.getMessage()));
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                problems.add(new RunProblem(dir, dir.resolve(RUN_FILE) + ": " + e.getMessage()));
            }
        }
        read.sort(Comparator.comparing((RunJson.Read r) -> r.run().startedAt()).thenComparing(r -> r.run().id()));
        return numbered(read, problems);
    }

    /**
     * The listing of {@code read} (oldest first): every run keeps its stored number unless it has none it can use
     * (none stored, out of range, or one an older run has); those get the next numbers after the highest given, in
     * this order, written into their run files and, when that is new, into {@link #NUMBERS_FILE}.
     */
    private RunListing numbered(List<RunJson.Read> read, List<RunProblem> problems) {
        List<RunProblem> notes = new ArrayList<>();
        OptionalInt stored = givenNumber(notes);
        int highest = stored.orElse(0);
        for (RunJson.Read r : read) {
            highest = Math.max(highest, r.run().number());
        }
        Map<Integer, String> owners = new HashMap<>();
        List<RunRecord> runs = new ArrayList<>();
        for (RunJson.Read r : read) {
            RunRecord run = r.run();
            String why = r.numberProblem();
            if (run.number() > 0) {
                String owner = owners.putIfAbsent(run.number(), run.id());
                if (owner == null) {
                    runs.add(run);
                    continue;
                }
                why = runFile(run) + ": field 'number' is " + run.number() + ", the number of run folder " + owner
                        + " (which started earlier)";
            }
            if (highest >= RunRecord.MAX_NUMBER) {
                problems.add(new RunProblem(dirOf(run), (why.isEmpty() ? runFile(run) + ": no number" : why)
                        + "; every run number up to " + RunRecord.MAX_NUMBER + " was given"));
                continue;
            }
            RunRecord now = run.withNumber(++highest);
            String note = why.isEmpty() ? "" : why + "; it is run #" + now.number() + " now";
            try {
                now = save(now);
            } catch (RuntimeException e) {
                note = (note.isEmpty() ? runFile(run) + ": numbered #" + now.number() : note)
                        + ", but the number could not be written: " + e.getMessage();
            }
            runs.add(now);
            if (!note.isEmpty()) {
                notes.add(new RunProblem(dirOf(run), note));
            }
        }
        boolean damaged = stored.isEmpty() && Files.exists(folder.resolve(NUMBERS_FILE));
        if (damaged || stored.orElse(0) < highest) {
            try {
                writeGivenNumber(highest);
            } catch (UncheckedIOException e) {
                // The runs are listed all the same; create() writes the file again and says so when it cannot.
                notes.add(new RunProblem(folder, e.getMessage()));
            }
        }
        return new RunListing(runs, problems, notes, highest);
    }

    /**
     * The highest number given, from {@link #NUMBERS_FILE}; empty when there is none yet or it is damaged (the
     * damage is noted: the runs' own numbers count then, and the file is written again).
     */
    private OptionalInt givenNumber(List<RunProblem> notes) {
        Path file = folder.resolve(NUMBERS_FILE);
        if (!Files.exists(file)) {
            return OptionalInt.empty();
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": not a file");
            }
            long size = Files.size(file);
            if (size > RunNumbersJson.MAX_BYTES) {
                throw new BadInputException(file + ": " + size + " bytes, more than a numbers file can be ("
                        + RunNumbersJson.MAX_BYTES + ")");
            }
            return OptionalInt.of(RunNumbersJson.read(Files.readAllBytes(file), file.toString()));
        } catch (IOException | BadInputException e) {
            notes.add(new RunProblem(folder, e.getMessage() + "; the highest number of the runs is used instead"));
            return OptionalInt.empty();
        }
    }

    private void writeGivenNumber(int highest) {
        Path file = folder.resolve(NUMBERS_FILE);
        try {
            AtomicFiles.writeBytes(file, RunNumbersJson.write(highest));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private Path runFile(RunRecord run) {
        return dirOf(run).resolve(RUN_FILE);
    }

    private static boolean isEmptyOrTemporary(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().startsWith("."));
        }
    }

    private RunJson.Read read(Path dir) throws IOException {
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
    public synchronized RunRecord create(String name, NetworkDefinition definition, RunSettings settings,
                                         Instant startedAt, int number) {
        if (number < 0 || number > RunRecord.MAX_NUMBER) {
            throw new IllegalArgumentException("a run number is from 1 to " + RunRecord.MAX_NUMBER + ", was " + number);
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace " + folder + ": " + e.getMessage(), e);
        }
        OptionalInt stored = givenNumber(new ArrayList<>());
        int given = stored.isPresent() ? stored.getAsInt() : list().highestNumber();
        int next = Math.max(number, given + 1);
        if (next > RunRecord.MAX_NUMBER) {
            throw new BadInputException("every run number up to " + RunRecord.MAX_NUMBER + " was given in " + folder
                    + "; start a new runs workspace");
        }
        writeGivenNumber(next); // first: a number once given is never given again, whatever happens next
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
        RunRecord run = new RunRecord(dir.getFileName().toString(), next, name, false, definition, settings,
                RunStatus.RUNNING, "", startedAt, 0, RunCurves.EMPTY, null, false, false);
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
