package dev.bitflow.app.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the operating-system scheduling priority of the calling thread, so that background work (training,
 * fusion, verification) yields the CPU to the JavaFX and render threads whenever they are runnable.
 * {@link Thread#setPriority} does not do this: HotSpot ignores Java priorities on Linux unless started with
 * privileged flags. On Linux every thread has its own nice value; this runs {@code renice} on the thread's id
 * (from {@code /proc/thread-self}), which any user may do to raise the nice value of their own threads. Threads
 * the lowered thread creates later (ND4J's native workers, kernel pools) inherit it. Elsewhere, or when
 * {@code renice} is missing, nothing changes and {@link #lowerCurrentThread} says so.
 */
final class OsThreadPriority {
    /** Nice 10: about a tenth of the CPU share of a default-priority thread when both want to run. */
    static final int BACKGROUND_NICE = 10;

    private OsThreadPriority() {
    }

    /** The calling thread's nice value: field 19 of {@code /proc/thread-self/stat}. */
    static int niceOfCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]); // after "pid (comm) " the state (field 3) is index 0
    }

    /** Returns null on success, else why the priority stayed as it was. */
    static String lowerCurrentThread() {
        Path self = Path.of("/proc/thread-self");
        if (!Files.isSymbolicLink(self)) {
            return "no /proc/thread-self (not Linux)";
        }
        try {
            if (niceOfCurrentThread() >= BACKGROUND_NICE) {
                return null; // already at least this low (a niced JVM): never raise a priority
            }
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(BACKGROUND_NICE), "-p", tid)
                    .redirectErrorStream(true).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) { // its one line of output fits the pipe
                renice.destroyForcibly();
                return "renice did not finish";
            }
            return renice.exitValue() == 0 ? null
                    : "renice failed: " + new String(renice.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "renice not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
