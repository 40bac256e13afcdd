package dev.bitflow.plugins.export.tools;

import dev.bitflow.engine.api.TaskMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program found on the {@code PATH} (a compiler, a size tool, a Python interpreter) and how to run it: in a given
 * folder, with a time limit, its output kept up to a bound, cancellable through a {@link TaskMonitor}.
 */
public final class ExternalTool {
    /** Output kept per run, at most (the rest is dropped). */
    static final int MAX_OUTPUT = 4 << 20;

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The tool of that name on the {@code PATH}, or an absolute path to one; empty when there is none. */
    public static Optional<ExternalTool> find(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            return Files.isExecutable(direct) ? Optional.of(new ExternalTool(direct)) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new ExternalTool(candidate));
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /** What a run gave. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs the tool with {@code args} in {@code dir}, stdout and stderr together, waiting at most
     * {@code timeoutSeconds}; a cancelled monitor ends it.
     */
    public Result run(Path dir, List<String> args, long timeoutSeconds, TaskMonitor monitor) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copyBounded(p.getInputStream(), out), "tool output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (monitor.isCancelled() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    monitor.checkCancelled();
                    throw new IOException(executable.getFileName() + " did not finish within " + timeoutSeconds + " s");
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + executable.getFileName(), e);
        }
        synchronized (out) {
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    int keep = Math.min(n, MAX_OUTPUT - out.size());
                    if (keep > 0) {
                        out.write(buffer, 0, keep);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed; what was read is kept
        }
    }
}
