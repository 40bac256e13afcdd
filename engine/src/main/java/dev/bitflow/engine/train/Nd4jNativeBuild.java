package dev.bitflow.engine.train;

import dev.bitflow.engine.api.NativeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.bytedeco.javacpp.Loader;

/**
 * Chooses which native build of ND4J this process loads, before ND4J loads, and tells which one it loaded.
 *
 * <p>ND4J's natives come as one jar per build, each holding the whole library (oneDNN linked in statically):
 * {@code PLATFORM} (no oneDNN), {@code PLATFORM-onednn}, {@code PLATFORM-onednn-avx2}, {@code PLATFORM-onednn-avx512}
 * (and {@code -avx2}, {@code -avx512} without oneDNN). JavaCPP loads the build named by the system property
 * {@value #PROPERTY}; without it, it walks the extension list of ND4J's preset
 * ({@code -onednn, -onednn-avx512, -onednn-avx2, ..., -avx2, -avx512, -compat}) from the end and takes the first build
 * whose library is on the class path, falling back to the plain one last. So with several jars present the pick
 * depends on that list, not on the CPU: {@code -onednn-avx2} wins over {@code -onednn-avx512} even on an AVX-512 CPU,
 * and an AVX-512 build would be picked (and fail) on a CPU without AVX-512.
 *
 * <p>{@link #select()} therefore sets the property itself, unless the user set it: the first build on the class path
 * in the order {@link #preference} gives for the CPU's features (the oneDNN build of the CPU's widest vector set,
 * narrower ones, the generic oneDNN build, then the builds without oneDNN). oneDNN picks its own kernels for the CPU
 * at run time whatever build it is linked into; the build's suffix decides only how libnd4j's own loops (element-wise
 * ops, reductions, im2col) were compiled.
 */
public final class Nd4jNativeBuild {
    /** JavaCPP's system property naming the build's suffix. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Suffixes this class knows, oneDNN builds first. */
    static final List<String> SUFFIXES = List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", "");

    /** What was chosen for this process. */
    record Choice(String suffix, String reason, List<String> available) {
    }

    private final String platform;
    private final Choice choice;

    private Nd4jNativeBuild(String platform, Choice choice) {
        this.platform = platform;
        this.choice = choice;
    }

    /**
     * Chooses the build for this CPU among those on the class path and sets {@value #PROPERTY} (unless already set),
     * without loading ND4J. Safe to call more than once; has no effect once ND4J has loaded.
     */
    public static Nd4jNativeBuild select() {
        String platform = Loader.getPlatform();
        ClassLoader loader = Nd4jNativeBuild.class.getClassLoader();
        String library = System.mapLibraryName("jnind4jcpu");
        Predicate<String> present = suffix -> loader.getResource(
                "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + suffix + "/" + library) != null;
        Choice choice = choose(System.getProperty(PROPERTY), cpuFlags(), present);
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, choice.suffix());
        }
        return new Nd4jNativeBuild(platform, choice);
    }

    /** The chosen build and, once ND4J is loaded, the library file it loaded (does not load ND4J). */
    public NativeBackend backend() {
        Optional<String> loaded = Loader.getLoadedLibraries().values().stream()
                .filter(path -> path != null && path.contains(System.mapLibraryName("nd4jcpu")))
                .findFirst();
        String build = platform + choice.suffix();
        // the folder the library was loaded from names the build that really runs
        if (loaded.isPresent()) {
            Path folder = Path.of(loaded.get()).getParent();
            if (folder != null && folder.getFileName() != null) {
                build = folder.getFileName().toString();
            }
        }
        return new NativeBackend(build, build.contains("-onednn"), choice.reason(),
                choice.available().stream().map(s -> platform + s).toList(), loaded);
    }

    /**
     * The build to load: the first of {@link #preference} for {@code flags} that is {@code present}, unless
     * {@code property} (the user's setting; empty names the plain build) says otherwise.
     */
    static Choice choose(String property, Set<String> flags, Predicate<String> present) {
        List<String> available = new ArrayList<>();
        for (String s : preference(flags)) {
            if (present.test(s)) {
                available.add(s);
            }
        }
        String best = available.isEmpty() ? "" : available.get(0);
        if (property != null && !property.equals(best)) {
            return new Choice(property, "set by -D" + PROPERTY, available);
        }
        if (available.isEmpty()) {
            return new Choice("", "no known build found on the class path", available);
        }
        String level = hasAvx512(flags) ? "AVX-512" : hasAvx2(flags) ? "AVX2" : "no AVX2";
        return new Choice(best, "best build on the class path for this CPU (" + level + ")", available);
    }

    /** The suffixes this CPU can run, best first: oneDNN before none, wider vectors before narrower. */
    static List<String> preference(Set<String> flags) {
        List<String> order = new ArrayList<>();
        boolean avx512 = hasAvx512(flags);
        boolean avx2 = hasAvx2(flags);
        if (avx512) {
            order.add("-onednn-avx512");
        }
        if (avx2) {
            order.add("-onednn-avx2");
        }
        order.add("-onednn");
        if (avx512) {
            order.add("-avx512");
        }
        if (avx2) {
            order.add("-avx2");
        }
        order.add("");
        return order;
    }

    /** What libnd4j's AVX-512 builds are compiled for (-mavx512f -mavx512cd -mavx512vl -mavx512bw -mavx512dq). */
    static boolean hasAvx512(Set<String> flags) {
        return flags.containsAll(Set.of("avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq")) && hasAvx2(flags);
    }

    /** What libnd4j's AVX2 builds are compiled for (-mavx2 -mfma -mf16c). */
    static boolean hasAvx2(Set<String> flags) {
        return flags.containsAll(Set.of("avx2", "fma", "f16c"));
    }

    /** The CPU's feature flags from /proc/cpuinfo (Linux); empty elsewhere, which keeps to the generic builds. */
    static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return new HashSet<>(Arrays.asList(
                            line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT).split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: no flags
        }
        return Set.of();
    }
}
