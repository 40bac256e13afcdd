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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Autosave with recovery after a crash. While the editor holds unsaved changes it hands every new state to
 * {@link #request}; a background thread writes the latest one (debounced) to the autosave folder as
 * {@code unsaved.bitflow.json} plus {@code unsaved.origin} (the file it was opened from, if any), both
 * atomically. Saving, or undoing back to the saved state, calls {@link #clear()}, which deletes only what this
 * session wrote: at start the editor is clean and clears, and that must not delete what a killed or crashed
 * session left behind. {@link #pending()} returns that; {@link #discard()} deletes it once the user declines it.
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
    private final AtomicBoolean wrote = new AtomicBoolean();

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
        wrote.set(true);
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

    /** Forgets the unsaved state this session wrote (after a save); an earlier session's state is kept. */
    public void clear() {
        latest.set(null);
        if (wrote.getAndSet(false)) {
            delete();
        }
    }

    /** Deletes the unsaved state, whoever wrote it (the user chose not to recover it, or not to save). */
    public void discard() {
        latest.set(null);
        wrote.set(false);
        delete();
    }

    private void delete() {
        Runnable delete = () -> {
            try {
                Files.deleteIfExists(directory.resolve(DEFINITION_FILE));
                Files.deleteIfExists(directory.resolve(ORIGIN_FILE));
            } catch (IOException e) {
                onError.accept(e);
            }
        };
        if (scheduler == null || scheduler.isShutdown()) { // no writer left (tests, or the window is closing)
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
