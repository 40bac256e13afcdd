package dev.bitflow.plugins.export.c;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.spi.ExportJob;
import dev.bitflow.engine.spi.ModelExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bitflow export c MODEL --out DIR}: the fused model as C99 for microcontrollers ({@link CModelWriter}), a
 * harness that prints predictions for an IDX file of images, an MCU example with static buffers, and, when
 * {@code arm-none-eabi-gcc} is installed, the flash and RAM of a Cortex-M4 build ({@link CortexM4Size}).
 */
public final class CExporter implements ModelExporter {
    @Override
    public String id() {
        return "c";
    }

    @Override
    public String displayName() {
        return "C99 for microcontrollers";
    }

    @Override
    public String description() {
        return "The fused network as a self-contained C99 .h/.c pair (const packed weight bits, smallest-width "
                + "BatchShift integers, one inference function over caller-provided buffers, no malloc, no floating "
                + "point between the first and last layer), a harness and Cortex-M4 flash/RAM figures.";
    }

    @Override
    public ExportInput input() {
        return ExportInput.FUSED;
    }

    @Override
    public ExportReport export(ExportJob job, TaskMonitor monitor) throws IOException {
        FusedModelContent content = job.requireFused().content();
        String base = job.baseName();
        CModelWriter writer = new CModelWriter(content, base);
        monitor.progress(0.1, "writing C source");
        Map<String, String> files = new LinkedHashMap<>();
        files.put(base + ".h", writer.header());
        files.put(base + ".c", writer.source());
        files.put(base + "_mcu.c", CHarnessWriter.mcuExample(base));
        monitor.checkCancelled();
        for (Map.Entry<String, String> f : files.entrySet()) {
            job.writeString(f.getKey(), f.getValue());
        }
        job.writeString(base + "_harness.c", CHarnessWriter.harness(base));
        List<String> notes = new ArrayList<>();
        notes.add(base + ".h / " + base + ".c: the model; " + base + "_harness.c: prints predictions for an IDX "
                + "file (gcc -std=c99 -O2 -o harness " + base + "_harness.c " + base + ".c); " + base
                + "_mcu.c: static buffers for firmware.");
        notes.add(String.format(Locale.ROOT, "work buffer %,d bytes, input %,d bytes, scores %,d bytes",
                writer.workWords() * 4L, content.definition().input().size() * 4, content.classes() * 4L));
        List<ExportFigure> figures = new ArrayList<>();
        if (CortexM4Size.available()) {
            monitor.progress(0.5, "building for Cortex-M4");
            CortexM4Size.Sizes sizes = CortexM4Size.measure(files, monitor);
            figures.addAll(sizes.figures());
        } else {
            notes.add("no Cortex-M4 size: " + CortexM4Size.COMPILER + " is not installed (Debian: apt-get install "
                    + "gcc-arm-none-eabi)");
        }
        monitor.progress(1.0, "exported C");
        return job.report(figures, notes);
    }
}
