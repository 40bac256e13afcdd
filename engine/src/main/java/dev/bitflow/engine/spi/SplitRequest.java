package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine asks of a plugin when it opens a split ({@link DatasetProvider#open}).
 *
 * @param input   the network's input shape (channels, height, width), or null when no network is at hand (for
 *                example a listing). Plugins of images with varied sizes decode every image to this size, grey
 *                for 1 channel or RGB for 3, with {@code resize}; plugins of one fixed size ignore it (the
 *                engine then checks that the sizes agree)
 * @param resize  how to bring other sizes to {@code input}
 * @param options the plugin's own options from the definition's {@code dataset.options}, already checked
 *                against {@link DatasetProvider#optionNames()}
 * @param monitor progress and cancellation of a long scan (a folder of 100,000 files)
 */
public record SplitRequest(Shape input, Resize resize, Map<String, String> options, TaskMonitor monitor) {
    public SplitRequest {
        Objects.requireNonNull(resize, "resize");
        options = Map.copyOf(options);
        Objects.requireNonNull(monitor, "monitor");
    }

    /** No input shape, bilinear, no options, no monitor. */
    public static SplitRequest plain() {
        return new SplitRequest(null, Resize.BILINEAR, Map.of(), TaskMonitor.NONE);
    }

    /** Option {@code name}, or {@code fallback} when not given. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
