package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import java.io.IOException;

/**
 * An export format: registered with {@link java.util.ServiceLoader} under this interface's name. It reads the model
 * from the {@link ExportJob} (the definition, the float parameters, the fused model's content) and writes files only
 * through the job, which keeps them inside the folder the user named, atomic, and off the inputs. A model it cannot
 * take is a {@link dev.bitflow.engine.api.BadInputException} saying what it needs ({@link ExportJob#requireFused()}).
 */
public interface ModelExporter {
    /** The name the command line takes, for example {@code c}. */
    String id();

    String displayName();

    /** What it writes, one or two sentences. */
    String description();

    /** What it needs. */
    ExportInput input();

    /** Writes the export and reports what it wrote and measured; checks {@code monitor} between steps. */
    @LongRunning
    ExportReport export(ExportJob job, TaskMonitor monitor) throws IOException;
}
