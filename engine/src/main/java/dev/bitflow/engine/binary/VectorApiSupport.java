package dev.bitflow.engine.binary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.function.Predicate;

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

    /** A Vector API kernel loaded by name, or null, and one line saying whether it is in use and if not, why. */
    public record Loaded<K>(K kernel, String status) {
    }

    /**
     * Loads the kernel class {@code className} (a {@code K}) when this JVM can run it and {@code fast} says the CPU
     * has the 512-bit vectors it needs; otherwise no kernel, with the reason.
     *
     * @param caller {@code MethodHandles.lookup()} of a class in the kernel's package (kernels are package-private)
     * @param what  the kernel's name in the status line, e.g. {@code "Vector API kernel"}
     * @param lanes the vectors it needs, e.g. {@code "integer"} (for "no 512-bit integer vectors")
     */
    public static <K> Loaded<K> load(MethodHandles.Lookup caller, String className, Class<K> type, Predicate<K> fast,
                                     String what, String lanes) {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            return new Loaded<>(null, what + " off: " + problem.get());
        }
        K kernel;
        try {
            Class<?> c = caller.findClass(className);
            kernel = type.cast(caller.findConstructor(c, MethodType.methodType(void.class)).invoke());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // not compiled in, not loadable on this JVM, or its constructor failed
            return new Loaded<>(null, what + " off: " + loadProblem(e));
        }
        if (!fast.test(kernel)) {
            return new Loaded<>(null, what + " off: this CPU has no 512-bit " + lanes + " vectors");
        }
        return new Loaded<>(kernel, what + " on (jdk.incubator.vector, 512-bit)");
    }

    /** Why a kernel class could not be loaded by name (its class and constructor), for the user. */
    static String loadProblem(Throwable e) {
        return e instanceof ClassNotFoundException ? "not compiled into this build (no JDK 21+ javac at build time)"
                : e.toString();
    }
}
