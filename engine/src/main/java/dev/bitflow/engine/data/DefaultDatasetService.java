package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Data sets from the plugin catalog and views over them.
 *
 * <p>A view is a {@link DatasetRef}: a data-set id, an optional class subset and a normalisation. For a class
 * subset, the examples whose published label is {@code ref.classes().get(i)} are kept, in their published
 * order, and get label {@code i}; every other example is dropped. Normalisation maps a pixel {@code p} in
 * 0..255 to {@code p / 255} ({@link Normalization#UNIT}, the default when none is given) or
 * {@code p / 127.5 - 1} ({@link Normalization#MINUS_ONE_TO_ONE}), in float32.
 *
 * <p>Raw data read from a plugin is cached in this instance (per data set, location and split), so repeated
 * views do not read the files again; there is no static cache. Thread-safe.
 */
public final class DefaultDatasetService implements DatasetService {
    private final PluginCatalog plugins;
    private final Map<RawKey, RawImages> rawCache = new HashMap<>();

    private record RawKey(String id, DataLocation location, Split split) {
    }

    public DefaultDatasetService(PluginCatalog plugins) {
        this.plugins = plugins;
    }

    PluginCatalog plugins() {
        return plugins;
    }

    // ---- for the engine (training, evaluation, fusion) ----

    /** The view {@code ref} of one split, normalised, as float32 examples with labels 0..classes-1. */
    public LabeledData load(DatasetRef ref, DataLocation location, Split split) {
        DatasetProvider provider = provider(ref.id());
        int[] classes = classSubset(ref, provider);
        RawImages raw = raw(ref.id(), location, split);
        int[] keep = viewIndices(raw, classes);
        int[] sourceToView = sourceToView(classes, provider.classNames().size());
        int size = raw.channels() * raw.height() * raw.width();
        String name = viewName(ref, location, split);
        ReadLimits.requireHeap(name, keep.length + " examples of " + size + " float32 values",
                4L * keep.length * size);
        float[] x = new float[Math.multiplyExact(keep.length, size)];
        int[] y = new int[keep.length];
        Normalization normalization = ref.normalization() == null ? Normalization.UNIT : ref.normalization();
        byte[] pixels = raw.pixels();
        float[] table = new float[256];
        for (int p = 0; p < 256; p++) {
            table[p] = normalize(p, normalization);
        }
        for (int i = 0; i < keep.length; i++) {
            int src = keep[i] * size;
            int dst = i * size;
            for (int k = 0; k < size; k++) {
                x[dst + k] = table[pixels[src + k] & 0xFF];
            }
            y[i] = sourceToView[raw.labels()[keep[i]]];
        }
        List<String> names = new ArrayList<>(classes.length);
        for (int c : classes) {
            names.add(provider.classNames().get(c));
        }
        return new LabeledData(name, x, y, keep.length, Shape.spatial(raw.channels(), raw.height(), raw.width()),
                names, raw.sha256());
    }

    /**
     * The training split of {@code ref}, shuffled with {@code seed} (see {@link LabeledData#shuffled}), then cut:
     * the first {@code round(count * validationFraction)} examples are the validation part, the rest the
     * training part. The same seed gives the same two parts.
     *
     * @param validationFraction in [0, 1); 0 gives an empty validation part
     */
    public TrainValidation trainValidation(DatasetRef ref, DataLocation location, double validationFraction,
                                           long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new BadInputException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        LabeledData all = load(ref, location, Split.TRAIN);
        int[] order = LabeledData.permutation(all.count(), seed);
        int validation = (int) Math.round(all.count() * validationFraction);
        int[] valIdx = java.util.Arrays.copyOfRange(order, 0, validation);
        int[] trainIdx = java.util.Arrays.copyOfRange(order, validation, order.length);
        return new TrainValidation(
                all.subset(trainIdx, all.name() + " training part (seed " + seed + ")"),
                all.subset(valIdx, all.name() + " validation part (seed " + seed + ", " + validationFraction + ")"));
    }

    /** The plugin serving {@code id}; unknown ids are a {@link BadInputException} listing the known ones. */
    public DatasetProvider provider(String id) {
        for (DatasetProvider p : providers()) {
            if (id.equals(idOf(p))) {
                return p;
            }
        }
        String known = providers().stream().map(DefaultDatasetService::idOf).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(", "));
        throw new BadInputException("unknown data set '" + id + "'; known data sets: "
                + (known.isEmpty() ? "none (no data-set plugin was found; see ./bitflow plugins)" : known));
    }

    /** A published split as the plugin delivers it, read once per instance and then cached. */
    public synchronized RawImages raw(String id, DataLocation location, Split split) {
        RawKey key = new RawKey(id, location, split);
        RawImages cached = rawCache.get(key);
        if (cached != null) {
            return cached;
        }
        DatasetProvider provider = provider(id);
        if (!provider.isAvailable(location)) {
            throw new BadInputException(id + " is not available at " + location + ": " + provider.locationHelp(location));
        }
        RawImages raw;
        try {
            raw = provider.load(split, location);
        } catch (IOException e) {
            throw new BadInputException(id + " (" + location + "): cannot read the " + split.name().toLowerCase()
                    + " split: " + e.getMessage(), e);
        }
        int classes = provider.classNames().size();
        for (int i = 0; i < raw.count(); i++) {
            if (raw.labels()[i] < 0 || raw.labels()[i] >= classes) {
                throw new BadInputException(raw.source() + ": label " + raw.labels()[i] + " at index " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        rawCache.put(key, raw);
        return raw;
    }

    // ---- for the app ----

    /**
     * Every data set whose plugin describes itself; a plugin that fails to (its call throws, hangs or returns
     * null) is left out, and the plugin host lists the problem.
     */
    @Override
    public List<DatasetInfo> available() {
        List<DatasetInfo> infos = new ArrayList<>();
        for (DatasetProvider p : providers()) {
            try {
                infos.add(new DatasetInfo(p.id(), p.displayName(), p.description(), p.classNames(),
                        List.of(status(p, DataLocation.mini()), status(p, DataLocation.standard()))));
            } catch (BadInputException e) {
                // a plugin call failed; the plugin host recorded it as a problem
            }
        }
        return infos;
    }

    @Override
    public LocationStatus status(String datasetId, DataLocation location) {
        return status(provider(datasetId), location);
    }

    @Override
    public int size(DatasetRef ref, DataLocation location, DataSplit split) {
        DatasetProvider provider = provider(ref.id());
        return viewIndices(raw(ref.id(), location, toSpi(split)), classSubset(ref, provider)).length;
    }

    @Override
    public ImageSample sample(DatasetRef ref, DataLocation location, DataSplit split, int index) {
        DatasetProvider provider = provider(ref.id());
        int[] classes = classSubset(ref, provider);
        RawImages raw = raw(ref.id(), location, toSpi(split));
        int[] keep = viewIndices(raw, classes);
        if (index < 0 || index >= keep.length) {
            throw new BadInputException("image index " + index + " is outside 0.." + (keep.length - 1) + " of "
                    + viewName(ref, location, toSpi(split)));
        }
        int source = keep[index];
        int size = raw.channels() * raw.height() * raw.width();
        int[] pixels = new int[size];
        for (int k = 0; k < size; k++) {
            pixels[k] = raw.pixel(source * size + k);
        }
        int sourceLabel = raw.labels()[source];
        int label = sourceToView(classes, provider.classNames().size())[sourceLabel];
        return new ImageSample(ref, split, index, source, raw.channels(), raw.height(), raw.width(), pixels, label,
                provider.classNames().get(sourceLabel), sourceLabel);
    }

    /** The SPI split for an API split. */
    public static Split toSpi(DataSplit split) {
        return split == DataSplit.TRAIN ? Split.TRAIN : Split.TEST;
    }

    // ---- internals ----

    private List<DatasetProvider> providers() {
        return plugins.services(DatasetProvider.class);
    }

    /** The provider's id, or null if asking failed (the plugin host records why). */
    private static String idOf(DatasetProvider p) {
        try {
            return p.id();
        } catch (BadInputException e) {
            return null;
        }
    }

    private LocationStatus status(DatasetProvider p, DataLocation location) {
        try {
            if (!p.isAvailable(location)) {
                return new LocationStatus(location, false, -1, -1, p.locationHelp(location));
            }
            return new LocationStatus(location, true, p.count(Split.TRAIN, location), p.count(Split.TEST, location), "");
        } catch (IOException | BadInputException e) {
            return new LocationStatus(location, false, -1, -1, e.getMessage());
        }
    }

    /** The published classes of a view: {@code ref.classes()} validated, or all classes when empty. */
    private static int[] classSubset(DatasetRef ref, DatasetProvider provider) {
        int n = provider.classNames().size();
        if (ref.classes().isEmpty()) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[n];
        int[] classes = new int[ref.classes().size()];
        for (int i = 0; i < classes.length; i++) {
            Integer c = ref.classes().get(i);
            if (c == null || c < 0 || c >= n) {
                throw new BadInputException("data set " + ref.id() + ": class " + c + " in classes " + ref.classes()
                        + " is outside 0.." + (n - 1) + " (" + String.join(", ", provider.classNames()) + ")");
            }
            if (seen[c]) {
                throw new BadInputException("data set " + ref.id() + ": class " + c + " appears twice in classes "
                        + ref.classes());
            }
            seen[c] = true;
            classes[i] = c;
        }
        if (classes.length < 2) {
            throw new BadInputException("data set " + ref.id() + ": a class subset needs at least 2 classes, got "
                    + ref.classes());
        }
        return classes;
    }

    private static int[] sourceToView(int[] classes, int sourceClasses) {
        int[] map = new int[sourceClasses];
        java.util.Arrays.fill(map, -1);
        for (int i = 0; i < classes.length; i++) {
            map[classes[i]] = i;
        }
        return map;
    }

    private static int[] viewIndices(RawImages raw, int[] classes) {
        boolean[] wanted = new boolean[Math.max(256, java.util.Arrays.stream(raw.labels()).max().orElse(0) + 1)];
        for (int c : classes) {
            wanted[c] = true;
        }
        int[] labels = raw.labels();
        int n = 0;
        for (int label : labels) {
            if (wanted[label]) {
                n++;
            }
        }
        int[] keep = new int[n];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (wanted[labels[i]]) {
                keep[k++] = i;
            }
        }
        return keep;
    }

    private static float normalize(int pixel, Normalization normalization) {
        return switch (normalization) {
            case UNIT -> pixel / 255f;
            case MINUS_ONE_TO_ONE -> pixel / 127.5f - 1f;
        };
    }

    private static String viewName(DatasetRef ref, DataLocation location, Split split) {
        return ref.id() + (ref.classes().isEmpty() ? "" : ref.classes().toString()) + " "
                + split.name().toLowerCase() + " (" + location + ")";
    }
}
