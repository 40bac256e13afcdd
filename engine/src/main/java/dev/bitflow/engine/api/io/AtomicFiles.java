package dev.bitflow.engine.api.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that readers only ever see the old content or the complete new content.
 *
 * <p>Protocol of {@link #write(Path, IoConsumer)}: create a temporary file next to the target (same folder, so
 * same file system), let the body write into it, flush and {@code fsync} it, then
 * {@link StandardCopyOption#ATOMIC_MOVE atomically move} it over the target and, best effort, {@code fsync}
 * the folder so the rename itself is durable. If anything fails (the body throws, the disk is full, the
 * move is refused) the temporary file is deleted and the target is left untouched. Every class that
 * writes a file (model files, checkpoints, definitions, data files, curves, preferences, autosave, screenshots)
 * goes through here, in the engine, the plugins and the app alike.
 */
public final class AtomicFiles {
    private static final String TEMP_MARK = ".bitflow-";
    private static final String TEMP_SUFFIX = ".tmp";
    /** {@code .<target name>.bitflow-<16 hex digits>.tmp}: the temporary files this class creates, and only those. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.bitflow-[0-9a-f]{16}\\.tmp");

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically with the bytes the body writes to the stream it is given. The body
     * must not keep the stream; closing it is allowed and has no effect (this class closes it).
     *
     * @throws IOException from the body, the file system or the move; the target is then unchanged
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("cannot write " + target + ": it has no parent folder");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a folder");
        }
        Files.createDirectories(dir);
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 FileLock inUse = channel.lock()) { // tells removeStaleTemporaries of other processes to keep it
                OutputStream raw = Channels.newOutputStream(channel);
                BufferedOutputStream buffered = new BufferedOutputStream(new CloseShield(raw), 1 << 16);
                body.accept(buffered);
                buffered.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes the bytes atomically; see {@link #write(Path, IoConsumer)}. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes the text as UTF-8 atomically; see {@link #write(Path, IoConsumer)}. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks that {@code target} could be written now: creates a temporary file next to it, as {@link #write}
     * would, and deletes it. For long jobs, so that a read-only folder or a full disk is found before the work.
     *
     * @throws IOException with the operating system's reason when the folder cannot be written
     */
    public static void checkWritable(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("cannot write " + target + ": it has no parent folder");
        }
        Files.delete(createTemp(dir, absolute.getFileName().toString()));
    }

    /**
     * Deletes the temporary files that writes of this class left in {@code folder} when their process was killed:
     * only files named as this class names them, only those last modified before this process started, and only
     * those no running process is writing (each write holds a lock on its temporary file). Best effort: a file
     * that cannot be deleted is left.
     *
     * @return how many were deleted
     */
    public static int removeStaleTemporaries(Path folder) {
        long processStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<Path> candidates;
        try (Stream<Path> files = Files.list(folder)) {
            candidates = files.filter(p -> TEMP_NAME.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        int deleted = 0;
        for (Path temp : candidates) {
            try {
                if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)
                        || Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis() >= processStart) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                     FileLock free = channel.tryLock()) {
                    if (free != null) {
                        Files.delete(temp);
                        deleted++;
                    }
                }
            } catch (IOException | OverlappingFileLockException e) {
                // in use by this process, or gone, or not ours to delete: leave it
            }
        }
        return deleted;
    }

    /**
     * Creates an empty hidden temporary file next to the target. Unlike {@link Files#createTempFile} it gets
     * the folder's default permissions (umask), so the finished file is as readable as any other new file.
     */
    private static Path createTemp(Path dir, String targetName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String unique = String.format("%016x", ThreadLocalRandom.current().nextLong());
            Path temp = dir.resolve("." + targetName + TEMP_MARK + unique + TEMP_SUFFIX);
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * The operating system's reason for a failed file operation, for messages: {@code "No space left on device"},
     * {@code "Permission denied"}..., without Java's exception class name or the path.
     */
    public static String reasonOf(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux, macOS); ignored elsewhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported on this platform (for example Windows); the file content itself is already synced.
        }
    }

    /** Lets the body call close() without closing the channel before it is forced. */
    private static final class CloseShield extends FilterOutputStream {
        CloseShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
