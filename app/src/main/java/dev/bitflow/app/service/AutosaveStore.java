package dev.bitflow.app.service;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Autosave with recovery after a crash. While the editor holds unsaved changes it hands every new state to
 * {@link #request}; a background thread writes the latest one (debounced) to the autosave folder as
 * {@code unsaved.bitflow.json} plus {@code unsaved.origin} (the file it was opened from, if any), both
 * atomically. Saving or discarding calls {@link #clear()}. At the next start, {@link #pending()} returns
 * what a crash left behind.
 */
public final class AutosaveStore {
    /** What an earlier session left unsaved. */
    public record Recovery(NetworkDefinition definition, Path origin, Instant savedAt) {
    }

    static final String DEFINITION_FILE = "unsaved.bitflow.json";
    static final String ORIGIN_FILE = "unsaved.origin";

    private record Snapshot(NetworkDefinition definition, Path origin) {
    }

    private final Path directory;
    private final DefinitionGateway definitions;
    private final ScheduledExecutorService scheduler;
    private final long delayMillis;
    private final Consumer<Exception> onError;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();

    /**
     * @param scheduler where the writes run; null writes at once on the calling thread (tests)
     * @param onError   told when a write fails (the editor shows it in the status bar)
     */
    public AutosaveStore(Path directory, DefinitionGateway definitions, ScheduledExecutorService scheduler,
                         long delayMillis, Consumer<Exception> onError) {
        this.directory = directory;
        this.definitions = definitions;
        this.scheduler = scheduler;
        this.delayMillis = delayMillis;
        this.onError = onError;
    }

    /** Remembers {@code definition} as the unsaved state; it is written shortly (or at once without a scheduler). */
    public void request(NetworkDefinition definition, Path origin) {
        Snapshot s = new Snapshot(definition, origin);
        if (scheduler == null) {
            write(s);
            return;
        }
        if (latest.getAndSet(s) == null) {
            scheduler.schedule(() -> {
                Snapshot next = latest.getAndSet(null);
                if (next != null) {
                    write(next);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Forgets the unsaved state (after save, or when the user discards it). */
    public void clear() {
        latest.set(null);
        Runnable delete = () -> {
            try {
                Files.deleteIfExists(directory.resolve(DEFINITION_FILE));
                Files.deleteIfExists(directory.resolve(ORIGIN_FILE));
            } catch (IOException e) {
                onError.accept(e);
            }
        };
        if (scheduler == null) {
            delete.run();
        } else {
            scheduler.execute(delete);
        }
    }

    /** The state an earlier session left unsaved, if any and if it still parses. */
    public Optional<Recovery> pending() {
        Path file = directory.resolve(DEFINITION_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            NetworkDefinition def = definitions.parse(json, file.toString());
            Path originFile = directory.resolve(ORIGIN_FILE);
            Path origin = null;
            if (Files.isRegularFile(originFile)) {
                String o = Files.readString(originFile, StandardCharsets.UTF_8).trim();
                origin = o.isEmpty() ? null : Path.of(o);
            }
            return Optional.of(new Recovery(def, origin, Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return Optional.empty();
        }
    }

    private void write(Snapshot s) {
        try {
            Files.createDirectories(directory);
            AtomicFiles.writeString(directory.resolve(ORIGIN_FILE), s.origin() == null ? "" : s.origin().toString());
            AtomicFiles.writeString(directory.resolve(DEFINITION_FILE), definitions.toJson(s.definition()));
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
        }
    }
}
