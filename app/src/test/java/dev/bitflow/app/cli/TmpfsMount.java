package dev.bitflow.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tiny tmpfs mounted for one test: a real full disk or a real read-only file system, which even root cannot
 * write (file permissions would not stop root). Needs mount rights (root with CAP_SYS_ADMIN, as on the project's
 * machines); where mounting is not allowed the test is skipped, not passed.
 */
final class TmpfsMount implements AutoCloseable {
    private final Path folder;

    private TmpfsMount(Path folder) {
        this.folder = folder;
    }

    /** Mounts a tmpfs of {@code options} (for example {@code size=8k} or {@code ro,size=64k}) on a new folder. */
    static TmpfsMount mount(Path parent, String options) throws IOException, InterruptedException {
        Path folder = Files.createDirectories(parent.resolve("tmpfs-" + System.nanoTime()));
        boolean mounted = false;
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder.toString())
                    .redirectErrorStream(true).start();
            mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            mounted = false;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root with mount rights)");
        return new TmpfsMount(folder);
    }

    Path folder() {
        return folder;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", folder.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("could not unmount " + folder);
        }
    }
}
