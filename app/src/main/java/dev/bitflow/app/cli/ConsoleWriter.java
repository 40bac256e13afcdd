package dev.bitflow.app.cli;

import dev.bitflow.engine.api.DisplayText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Where the command line writes (stdout or stderr): everything written through it has its control characters
 * escaped ({@link DisplayText#escapeKeepingLines}), so a network name, a plugin id, a path or an error message
 * that carries an escape sequence is shown, never obeyed by the terminal. Line ends are {@code \n}. The one
 * carriage return a command may write is the one that starts a redrawn status line ({@link #redraw}).
 */
public final class ConsoleWriter extends PrintWriter {
    private final Escaping escaping;

    private ConsoleWriter(Escaping escaping) {
        super(escaping, true);
        this.escaping = escaping;
    }

    /** Escapes what is written and passes it on to {@code target}. */
    public static ConsoleWriter escaping(Writer target) {
        return target instanceof ConsoleWriter c ? c : new ConsoleWriter(new Escaping(target));
    }

    @Override
    public void println() {
        synchronized (lock) {
            write('\n');
            flush();
        }
    }

    /** Returns to the start of the line and writes {@code line} over what was there (a progress line on a terminal). */
    public void redraw(String line) {
        synchronized (lock) {
            flush();
            escaping.carriageReturn();
            print(line);
            flush();
        }
    }

    /** Escapes control characters on their way to the target. */
    private static final class Escaping extends Writer {
        private final Writer target;

        Escaping(Writer target) {
            super(target);
            this.target = target;
        }

        void carriageReturn() {
            try {
                target.write('\r');
            } catch (IOException e) {
                // PrintWriter semantics: errors are swallowed; the target reports them through checkError
            }
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                char c = buffer[i];
                if (DisplayText.needsEscape(c, true)) {
                    target.write(buffer, start, i - start);
                    StringBuilder escaped = new StringBuilder(6);
                    DisplayText.appendEscaped(escaped, c);
                    target.write(escaped.toString());
                    start = i + 1;
                }
            }
            target.write(buffer, start, end - start);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
