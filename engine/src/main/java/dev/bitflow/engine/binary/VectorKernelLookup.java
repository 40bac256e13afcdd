package dev.bitflow.engine.binary;

import java.util.Optional;

/**
 * Finds the Vector API conv kernel ({@link IntBlockConvKernel}) if the running JVM can run it: Java 21 or
 * later, started with {@code --add-modules jdk.incubator.vector} (the {@code bitflow} launcher adds it), the
 * class compiled into this jar (the build compiles it when a JDK 21+ javac is present, engine/pom.xml), and a
 * CPU with 512-bit integer vectors. The answer is a property of the JVM, so it is computed once; the kernel is
 * stateless.
 */
final class VectorKernelLookup {
    private static final String CLASS_NAME = "dev.bitflow.engine.binary.VectorIntBlockConv";
    private static final VectorApiSupport.Loaded<IntBlockConvKernel> RESULT = VectorApiSupport.load(
            java.lang.invoke.MethodHandles.lookup(), CLASS_NAME,
            IntBlockConvKernel.class, IntBlockConvKernel::fast, "Vector API kernel", "integer");

    private VectorKernelLookup() {
    }

    /** The kernel, or empty when this JVM cannot run it ({@link #status()} says why). */
    static Optional<IntBlockConvKernel> kernel() {
        return Optional.ofNullable(RESULT.kernel());
    }

    /** One line: whether the Vector API kernel is in use, and if not, why. */
    static String status() {
        return RESULT.status();
    }
}
