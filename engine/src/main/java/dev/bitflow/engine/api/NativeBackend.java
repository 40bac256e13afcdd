package dev.bitflow.engine.api;

import java.util.List;
import java.util.Optional;

/**
 * The native build of ND4J that runs the engine's float ops (training, the float side of {@code bench}), and why
 * it is that one. ND4J 1.0.0-M2.1 ships one native library per build ({@code linux-x86_64}, and with oneDNN
 * {@code linux-x86_64-onednn}, {@code -onednn-avx2}, {@code -onednn-avx512}); the engine picks one of those on the
 * class path for this CPU before ND4J loads (docs/decisions/0120).
 *
 * @param build     the build's platform folder, e.g. {@code linux-x86_64-onednn}
 * @param oneDnn    whether the build runs its convolutions on oneDNN
 * @param reason    how it was chosen, e.g. {@code best build on the class path for this CPU (AVX-512)}
 * @param available the builds found on the class path, in the order they are preferred for this CPU
 * @param library   the file of the loaded native library; empty while ND4J has not been loaded in this process
 */
public record NativeBackend(String build, boolean oneDnn, String reason, List<String> available,
                            Optional<String> library) {
    public NativeBackend {
        available = List.copyOf(available);
    }

    /** One line for people: {@code ND4J linux-x86_64-onednn (oneDNN; best build ... ; loaded from FILE)}. */
    public String describe() {
        return "ND4J " + build + " (" + (oneDnn ? "oneDNN" : "no oneDNN") + "; " + reason
                + library.map(l -> "; loaded from " + l).orElse("; not loaded yet") + ")";
    }
}
