package dev.bitflow.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OsThreadPriorityTest {
    @Test
    void lowersOnlyTheCallingThreadOnLinux() throws Exception {
        if (!Files.isSymbolicLink(Path.of("/proc/thread-self"))) {
            assertThat(OsThreadPriority.lowerCurrentThread()).contains("not Linux");
            return;
        }
        int before = OsThreadPriority.niceOfCurrentThread();
        AtomicReference<String> problem = new AtomicReference<>("not run");
        AtomicReference<Integer> nice = new AtomicReference<>();
        AtomicReference<Integer> childNice = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            problem.set(OsThreadPriority.lowerCurrentThread());
            try {
                nice.set(OsThreadPriority.niceOfCurrentThread());
                // a thread started by the lowered thread inherits its priority (ND4J's native workers do)
                Thread child = new Thread(() -> {
                    try {
                        childNice.set(OsThreadPriority.niceOfCurrentThread());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                child.start();
                child.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        worker.join();
        if (problem.get() != null && problem.get().startsWith("renice not available")) {
            return; // a machine without util-linux: the app runs on, at the default priority
        }
        assertThat(problem.get()).isNull();
        // renice -n is absolute in util-linux up to 2.38 and an increment from 2.39 on: either way at least 10,
        // and never below where the JVM already was
        assertThat(nice.get()).isGreaterThanOrEqualTo(OsThreadPriority.BACKGROUND_NICE).isGreaterThanOrEqualTo(before);
        assertThat(childNice.get()).isEqualTo(nice.get());
        assertThat(OsThreadPriority.niceOfCurrentThread()).as("the calling test thread keeps its priority").isEqualTo(before);
    }
}
