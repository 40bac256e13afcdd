package dev.bitflow.engine.api.io;

import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules every file a user names as an output passes before anything is written, in the command line and
 * in the GUI alike. Register what the job reads with {@link #input}, then each output with {@link #output}:
 * <ol>
 *   <li>its folder must exist and be a folder: no folder is ever created for an output;</li>
 *   <li>it must not be a folder;</li>
 *   <li>it must not be the same file as an input: compared as files (symbolic links, hard links, {@code ..} and
 *       other spellings of one path are the same file), not as strings;</li>
 *   <li>it must not be the same file as another output of the same job;</li>
 *   <li>an existing file of another {@link FileKind} (a definition where a trained model would go, a file of
 *       another program) is replaced only when forced; a file of the same kind, or an empty one, is replaced;</li>
 *   <li>its folder must be writable: a probe file is created there and deleted (this catches read-only file
 *       systems and folders the user may not write to before a long job, not after);</li>
 *   <li>temporary files that a killed write of this workbench left in that folder are removed
 *       ({@link AtomicFiles#removeStaleTemporaries}).</li>
 * </ol>
 * A broken rule is a {@link BadInputException} naming the output, the file and what would be lost.
 */
public final class OutputGuard {
    private record Named(String role, Path file) {
    }

    private final boolean force;
    private final String forceHint;
    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    /**
     * @param force     replace existing files of another kind (the user said so, for example {@code --force})
     * @param forceHint what the message suggests when a file of another kind is refused, for example
     *                  {@code "use --force to replace it"} or {@code "choose another file"}
     */
    public OutputGuard(boolean force, String forceHint) {
        this.force = force;
        this.forceHint = Objects.requireNonNull(forceHint);
    }

    /** Something the job reads (null is ignored): no output may be it. */
    public OutputGuard input(String role, Path file) {
        if (file != null) {
            inputs.add(new Named(role, file));
        }
        return this;
    }

    /**
     * Checks {@code file} as an output of {@code kind} ({@code role} names it in messages, for example
     * {@code "--out"}) and returns it.
     *
     * @throws BadInputException when a rule above is broken
     */
    public Path output(String role, Path file, FileKind kind) {
        return output(role, file, kind, null);
    }

    /**
     * Like {@link #output(String, Path, FileKind)}, but the output may be the same file as the input
     * {@code continues}: a job that carries on a file it read (training resumed from a checkpoint writes the
     * next checkpoint over it).
     */
    public Path output(String role, Path file, FileKind kind, Path continues) {
        Objects.requireNonNull(file, role);
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null) {
            throw new BadInputException(role + " " + file + ": not a file name");
        }
        if (!Files.exists(folder)) {
            throw new BadInputException(role + " " + file + ": the folder " + folder
                    + " does not exist (folders are not created; create it first)");
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(role + " " + file + ": " + folder + " is not a folder");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(role + " " + file + ": is a folder; name a file");
        }
        for (Named in : inputs) {
            if (sameFile(file, in.file()) && !(continues != null && sameFile(in.file(), continues))) {
                throw new BadInputException(role + " " + file + " is the same file as " + in.role() + " "
                        + in.file() + "; writing it would destroy what is read; choose another output file");
            }
        }
        for (Named out : outputs) {
            if (sameFile(file, out.file())) {
                throw new BadInputException(role + " " + file + " and " + out.role() + " " + out.file()
                        + " are the same file; one would overwrite the other");
            }
        }
        if (Files.exists(file)) {
            FileKind existing = kindOf(role, file);
            if (existing != kind && existing != FileKind.EMPTY && !force) {
                throw new BadInputException(role + " " + file + " is " + existing.description() + "; writing "
                        + kind.description() + " would destroy it (" + forceHint + ")");
            }
        }
        try {
            AtomicFiles.checkWritable(file);
        } catch (IOException e) {
            throw new BadInputException(role + " " + file + ": cannot write in " + folder + ": " + AtomicFiles.reasonOf(e), e);
        }
        AtomicFiles.removeStaleTemporaries(folder);
        outputs.add(new Named(role, file));
        return file;
    }

    /**
     * Whether two paths name the same file: {@link Files#isSameFile} when both exist (links followed),
     * otherwise their real spellings (the longest existing ancestor resolved to its real path).
     */
    public static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
            return realSpelling(a).equals(realSpelling(b));
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static Path realSpelling(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }

    private static FileKind kindOf(String role, Path file) {
        try {
            return FileKind.of(file);
        } catch (IOException e) {
            throw new BadInputException(role + " " + file + ": exists and cannot be read to tell what it holds ("
                    + AtomicFiles.reasonOf(e) + "); it is not replaced", e);
        }
    }
}
