package dev.bitflow.plugins.export.c;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.plugins.export.tools.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Flash and RAM of an exported model on a Cortex-M4, measured: the model source and the MCU example are compiled
 * with {@code arm-none-eabi-gcc -std=c99 -Wall -Werror -mcpu=cortex-m4 -mthumb -Os -fstack-usage} in a temporary
 * folder, and {@code arm-none-eabi-size} gives each object's text, data and bss. Flash = text + data (code and the
 * const weights); RAM = data + bss (the static buffers of the example: work, input, scores) + stack, where stack is
 * the sum of the static frames gcc reports for the model's functions (an upper bound: the call depth is two).
 */
final class CortexM4Size {
    static final String COMPILER = "arm-none-eabi-gcc";
    static final String SIZE = "arm-none-eabi-size";
    static final List<String> FLAGS = List.of("-std=c99", "-Wall", "-Werror", "-mcpu=cortex-m4", "-mthumb", "-Os",
            "-fstack-usage");

    /** What the build measured. */
    record Sizes(long text, long data, long bss, long stack) {
        long flash() {
            return text + data;
        }

        long ram() {
            return data + bss + stack;
        }

        List<ExportFigure> figures() {
            String source = "arm-none-eabi-size (cortex-m4, -mthumb -Os)";
            return List.of(new ExportFigure("flash (text + data)", flash(), "bytes", source),
                    new ExportFigure("RAM (data + bss + stack)", ram(), "bytes", source),
                    new ExportFigure("text", text, "bytes", source),
                    new ExportFigure("data", data, "bytes", source),
                    new ExportFigure("bss", bss, "bytes", source),
                    new ExportFigure("stack (upper bound)", stack, "bytes", "arm-none-eabi-gcc -fstack-usage"));
        }
    }

    private CortexM4Size() {
    }

    /** Whether the toolchain is on the PATH. */
    static boolean available() {
        return ExternalTool.find(COMPILER).isPresent() && ExternalTool.find(SIZE).isPresent();
    }

    /**
     * Builds {@code files} (name to content; every {@code .c} is compiled) and measures them.
     *
     * @throws IOException when the toolchain is missing or the build fails (with the compiler's output)
     */
    static Sizes measure(Map<String, String> files, TaskMonitor monitor) throws IOException {
        ExternalTool gcc = ExternalTool.find(COMPILER).orElseThrow(() -> new IOException(COMPILER + " is not installed"));
        ExternalTool size = ExternalTool.find(SIZE).orElseThrow(() -> new IOException(SIZE + " is not installed"));
        Path dir = Files.createTempDirectory("bitflow-m4-");
        try {
            List<String> objects = new ArrayList<>();
            for (Map.Entry<String, String> f : files.entrySet()) {
                AtomicFiles.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            for (String name : files.keySet()) {
                if (name.endsWith(".c")) {
                    List<String> args = new ArrayList<>(FLAGS);
                    args.addAll(List.of("-c", name));
                    ExternalTool.Result r = gcc.run(dir, args, 600, monitor);
                    if (!r.ok()) {
                        throw new IOException(COMPILER + " failed on " + name + ":\n" + r.output());
                    }
                    objects.add(name.substring(0, name.length() - 2) + ".o");
                }
            }
            ExternalTool.Result r = size.run(dir, objects, 60, monitor);
            if (!r.ok()) {
                throw new IOException(SIZE + " failed:\n" + r.output());
            }
            long text = 0;
            long data = 0;
            long bss = 0;
            for (String line : r.output().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[0].matches("\\d+")) {
                    text += Long.parseLong(f[0]);
                    data += Long.parseLong(f[1]);
                    bss += Long.parseLong(f[2]);
                }
            }
            long stack = 0;
            try (Stream<Path> su = Files.list(dir)) {
                for (Path p : su.filter(p -> p.toString().endsWith(".su")).toList()) {
                    for (String line : Files.readAllLines(p)) {
                        String[] f = line.split("\t");
                        if (f.length >= 2 && f[1].trim().matches("\\d+")) {
                            stack += Long.parseLong(f[1].trim());
                        }
                    }
                }
            }
            return new Sizes(text, data, bss, stack);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
