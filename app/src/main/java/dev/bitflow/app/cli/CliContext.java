package dev.bitflow.app.cli;

import dev.bitflow.engine.api.Engine;
import java.io.PrintWriter;

/** What every command needs: the engine and where to write. Built once by the entry point. */
public record CliContext(Engine engine, PrintWriter out, PrintWriter err) {
}
