package dev.bitflow.engine.binary;

import java.util.Optional;

/**
 * Whether this JVM can run the Vector API kernels of {@code src/main/java-vector} (compiled for Java 21 with
 * {@code jdk.incubator.vector} by their own javac run, decision 0098): Java 21 or later, started with
 * {@code --add-modules jdk.incubator.vector} (the {@code bitflow} launcher adds it). Each kernel's lookup then loads
 * its class by name and checks the CPU.
 */
public final class VectorApiSupport {
    private VectorApiSupport() {
    }

    /** Why this JVM cannot run them ("needs Java 21 or later, ..."), or empty when it can. */
    public static Optional<String> problem() {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            return Optional.of("needs Java 21 or later, this is Java " + feature);
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("start Java with --add-modules jdk.incubator.vector");
        }
        return Optional.empty();
    }

    /** Why a kernel class could not be loaded by name ({@code Class.forName} and its constructor), for the user. */
    public static String loadProblem(Throwable e) {
        return e instanceof ClassNotFoundException ? "not compiled into this build (no JDK 21+ javac at build time)"
                : e.toString();
    }
}
