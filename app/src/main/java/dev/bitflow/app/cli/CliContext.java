package dev.bitflow.app.cli;

import dev.bitflow.engine.api.Engine;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every command needs: the engine and where to write. Built once by the entry point. The engine is
 * created on first use, so {@code --help}, {@code --version} and {@code gui} do not pay for it.
 *
 * @param engineSource  gives the engine (called once, on the first {@link #engine()})
 * @param out           stdout, control characters escaped
 * @param err           stderr, control characters escaped
 * @param errIsTerminal whether stderr is a terminal: progress is then one line redrawn in place, otherwise
 *                      plain lines (a log file or a pipe gets no carriage returns)
 */
public record CliContext(Supplier<Engine> engineSource, ConsoleWriter out, ConsoleWriter err, boolean errIsTerminal) {
    public CliContext {
        engineSource = memoized(Objects.requireNonNull(engineSource));
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
    }

    /** A context writing to {@code out} and {@code err} (escaped), stderr not a terminal. */
    public CliContext(Engine engine, PrintWriter out, PrintWriter err) {
        this(() -> engine, ConsoleWriter.escaping(out), ConsoleWriter.escaping(err), false);
    }

    /** The engine, created on the first call. */
    public Engine engine() {
        return engineSource.get();
    }

    private static Supplier<Engine> memoized(Supplier<Engine> source) {
        if (source instanceof Memo) {
            return source;
        }
        return new Memo(source);
    }

    private static final class Memo implements Supplier<Engine> {
        private final Supplier<Engine> source;
        private Engine engine;

        Memo(Supplier<Engine> source) {
            this.source = source;
        }

        @Override
        public synchronized Engine get() {
            if (engine == null) {
                engine = Objects.requireNonNull(source.get(), "engine");
            }
            return engine;
        }
    }
}
