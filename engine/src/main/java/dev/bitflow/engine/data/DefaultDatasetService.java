package dev.bitflow.engine.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetManifest;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.Recognition;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Data sets from the plugin catalog and views over them.
 *
 * <p><b>Which plugin reads a location</b> ({@link #resolve}): a folder that names its kind ({@code images:DIR})
 * is read by that plugin; a plain folder by the plugin that recognises it most specifically
 * ({@link Recognition}; two at the same level are ambiguous and refused), or by the definition's plugin when
 * none does; {@code mini} and {@code standard} by the definition's plugin.
 *
 * <p><b>Views</b>: a {@link DatasetRef} adds an optional class subset and a normalisation. For a class subset,
 * the examples whose published label is {@code ref.classes().get(i)} are kept, in their published order, and
 * get label {@code i}; every other example is dropped. Normalisation maps a pixel {@code p} in 0..255 to
 * {@code p / 255} ({@link dev.bitflow.engine.api.definition.Normalization#UNIT}, the default when none is given)
 * or {@code p / 127.5 - 1} ({@code MINUS_ONE_TO_ONE}), in float32.
 *
 * <p><b>Class names</b>: when the reference pins class names (a trained model's definition does), data whose
 * view has other names is refused; evaluating a model whose definition pins none (written before names were
 * stored) on another plugin's data is refused when the definition's plugin has fixed names that differ.
 *
 * <p><b>Memory</b>: splits are opened once per instance (again when their files changed) and read example by
 * example through one bounded {@link ExampleCache} with read-ahead; nothing holds a whole split. Thread-safe.
 *
 * <p><b>Open files</b>: an opened split ({@link SplitSource}, which may hold file handles and temporary files) is
 * kept for the next view of the same data, at most {@value #MAX_KEPT_OPEN} of them, the least recently used let go
 * first; a split whose files changed is let go when it is opened again. A split let go is closed as soon as no view
 * made from it is in use any more (every view holds it; a view is done when nothing refers to it), so a training or
 * evaluation still reading it is never cut off. {@link #close()} closes every split at once.
 */
public final class DefaultDatasetService implements DatasetService, AutoCloseable {
    /** Most opened splits kept for reuse; more are let go, least recently used first. */
    static final int MAX_KEPT_OPEN = 8;
    /** Closes a let-go split when the last view over it is collected. */
    private static final Cleaner VIEWS_DONE = Cleaner.create();

    private final PluginCatalog plugins;
    private final ExampleCache cache;
    /** The splits kept for reuse, least recently used first. */
    private final LinkedHashMap<OpenKey, Opened> opened = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<OpenKey, Object> openLocks = new ConcurrentHashMap<>();
    /** Every split opened and not yet closed: kept, or let go with views still reading it. */
    private final List<Opened> unclosed = new ArrayList<>();
    private int nextId;
    private boolean closed;

    /** What was opened once: the key says which plugin, where, which split and how. */
    private record OpenKey(String providerId, DataLocation location, Split split, Shape input, Resize resize,
                           Map<String, String> options) {
    }

    /**
     * An opened split, its number in the cache's keys, the holds on it (views reading it, a request using it) and
     * whether the service let go of it. It is closed once let go with no hold left, or when the service closes.
     */
    static final class Opened {
        private final SplitSource source;
        private final int id;
        private int views;
        private boolean letGo;
        private boolean closed;

        Opened(SplitSource source, int id) {
            this.source = source;
            this.id = id;
        }

        SplitSource source() {
            return source;
        }

        int id() {
            return id;
        }

        synchronized void viewOpened() {
            views++;
        }

        synchronized void viewDone() {
            views--;
            closeIfUnused();
        }

        synchronized void letGo() {
            letGo = true;
            closeIfUnused();
        }

        synchronized boolean closed() {
            return closed;
        }

        /** Closes the split now, whoever still reads it (the service is closing). */
        synchronized void close() {
            if (!closed) {
                closed = true;
                try {
                    source.close();
                } catch (IOException | RuntimeException e) {
                    // closing releases handles; a failure leaves nothing the user can act on
                }
            }
        }

        private void closeIfUnused() {
            if (letGo && views <= 0) {
                close();
            }
        }
    }

    /**
     * Which plugin serves a reference at a location.
     *
     * @param location the location with the plugin's id as format when it is a folder
     */
    public record Resolved(DatasetProvider provider, DataLocation location) {
        public String id() {
            return provider.id();
        }
    }

    public DefaultDatasetService(PluginCatalog plugins) {
        this(plugins, ExampleCache.withDefaultBudget());
    }

    public DefaultDatasetService(PluginCatalog plugins, ExampleCache cache) {
        this.plugins = plugins;
        this.cache = cache;
    }

    PluginCatalog plugins() {
        return plugins;
    }

    /** The cache every split is read through. */
    public ExampleCache cache() {
        return cache;
    }

    /**
     * Closes every split this service opened (their files and temporary copies), whether views of them are still
     * around; those views can no longer be read. Later requests for data fail.
     */
    @Override
    public void close() {
        List<Opened> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(unclosed);
            unclosed.clear();
            opened.clear();
        }
        all.forEach(Opened::close);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the data set service is closed");
        }
    }

    /** The splits kept open for reuse now (for tests). */
    synchronized List<Opened> keptOpen() {
        return List.copyOf(opened.values());
    }

    // ---- for the engine (training, evaluation, fusion) ----

    /**
     * The plugin and location that serve {@code ref} at {@code location} (see the class comment).
     *
     * @throws BadInputException for an unknown plugin id or a folder two plugins claim equally
     */
    public Resolved resolve(DatasetRef ref, DataLocation location) {
        if (location.kind() != DataLocation.Kind.DIRECTORY) {
            return new Resolved(provider(ref.id()), location);
        }
        if (location.format() != null) {
            return new Resolved(provider(location.format()), location);
        }
        Path dir = location.directory();
        if (!Files.isDirectory(dir)) {
            return new Resolved(provider(ref.id()), location); // its availability check says what is wrong
        }
        Recognition best = Recognition.NONE;
        List<DatasetProvider> top = new ArrayList<>();
        for (DatasetProvider p : providers()) {
            Recognition r = recognition(p, dir);
            if (r == Recognition.NONE || r.compareTo(best) < 0) {
                continue;
            }
            if (r.compareTo(best) > 0) {
                best = r;
                top.clear();
            }
            top.add(p);
        }
        DatasetProvider pick;
        if (top.isEmpty()) {
            pick = provider(ref.id());
        } else if (top.stream().anyMatch(p -> ref.id().equals(idOf(p)))) {
            pick = provider(ref.id());
        } else if (top.size() > 1) {
            String ids = top.stream().map(DatasetProvider::id).collect(Collectors.joining(", "));
            throw new BadInputException(dir + " could be read as " + ids + " data; name the kind, for example --data "
                    + top.get(0).id() + ":" + dir);
        } else {
            pick = top.get(0);
        }
        return new Resolved(pick, location.withFormat(pick.id()));
    }

    /**
     * The test or training split a trained model is evaluated on: {@code model}'s data-set view read at
     * {@code location} (null: the model's own, {@link DatasetRef#defaultLocation()}), decoded at the model's input
     * size, with the model's classes checked (see the class comment).
     */
    public LabeledData load(NetworkDefinition model, DataLocation location, Split split) {
        return load(model, location, split, TaskMonitor.NONE);
    }

    /** As {@link #load(NetworkDefinition, DataLocation, Split)}, reporting a long scan to {@code monitor}. */
    public LabeledData load(NetworkDefinition model, DataLocation location, Split split, TaskMonitor monitor) {
        DatasetRef ref = datasetOf(model);
        Resolved r = resolve(ref, locationOf(model, location));
        LabeledData data = view(ref, model.input(), r, split, monitor);
        checkModelClasses(model, r, data);
        return data;
    }

    /** The view {@code ref} of one split at its stored size (data sets of one image size). */
    public LabeledData load(DatasetRef ref, DataLocation location, Split split) {
        return view(ref, null, resolve(ref, location), split, TaskMonitor.NONE);
    }

    /**
     * The training split of {@code def}'s data at {@code location}, shuffled with {@code seed} (see
     * {@link LabeledData#shuffled}), then cut: the first {@code round(count * validationFraction)} examples are the
     * validation part, the rest the training part. The same seed gives the same two parts.
     *
     * @param validationFraction in [0, 1); 0 gives an empty validation part
     */
    public TrainValidation trainValidation(NetworkDefinition def, DataLocation location, double validationFraction,
                                           long seed, TaskMonitor monitor) {
        LabeledData all = view(datasetOf(def), def.input(), resolve(datasetOf(def), locationOf(def, location)),
                Split.TRAIN, monitor);
        return split(all, validationFraction, seed);
    }

    /** As {@link #trainValidation(NetworkDefinition, DataLocation, double, long, TaskMonitor)} at stored size. */
    public TrainValidation trainValidation(DatasetRef ref, DataLocation location, double validationFraction,
                                           long seed) {
        return split(load(ref, location, Split.TRAIN), validationFraction, seed);
    }

    private static TrainValidation split(LabeledData all, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new BadInputException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int[] order = LabeledData.permutation(all.count(), seed);
        int validation = (int) Math.round(all.count() * validationFraction);
        int[] valIdx = Arrays.copyOfRange(order, 0, validation);
        int[] trainIdx = Arrays.copyOfRange(order, validation, order.length);
        return new TrainValidation(
                all.subset(trainIdx, all.name() + " training part (seed " + seed + ")"),
                all.subset(valIdx, all.name() + " validation part (seed " + seed + ", " + validationFraction + ")"));
    }

    /**
     * The manifest of {@code def}'s data at {@code location} (both splits, which must have been opened by a
     * {@code load} or {@code trainValidation} with the same definition, or are opened now).
     */
    public DatasetManifest manifest(NetworkDefinition def, DataLocation location, LabeledData train,
                                    LabeledData test) {
        DatasetRef ref = datasetOf(def);
        Resolved r = resolve(ref, locationOf(def, location));
        List<FileDigest> files = new ArrayList<>();
        int[] counts = new int[2];
        for (Split split : Split.values()) {
            Opened o = open(r, split, ref, def.input(), TaskMonitor.NONE);
            try {
                files.addAll(o.source().files());
                counts[split.ordinal()] = o.source().count();
            } finally {
                o.viewDone();
            }
        }
        Shape shape = test.exampleShape();
        return new DatasetManifest(r.id(), r.location().absolute().toString(), train.classNames(), shape.channels(),
                shape.height(), shape.width(), counts[Split.TRAIN.ordinal()], counts[Split.TEST.ordinal()], files);
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
        return load(ref, location, toSpi(split)).count();
    }

    @Override
    public ImageSample sample(DatasetRef ref, DataLocation location, DataSplit split, int index) {
        return sample(load(ref, location, toSpi(split)), ref, split, index);
    }

    @Override
    public ImageSample sample(NetworkDefinition model, DataLocation location, DataSplit split, int index) {
        return sample(load(model, location, toSpi(split)), model.dataset(), split, index);
    }

    @Override
    public int size(NetworkDefinition model, DataLocation location, DataSplit split) {
        return load(model, location, toSpi(split)).count();
    }

    @Override
    public DataSummary describe(NetworkDefinition definition, DataLocation location, TaskMonitor monitor) {
        DatasetRef ref = datasetOf(definition);
        Resolved r = resolve(ref, locationOf(definition, location));
        LabeledData train = view(ref, definition.input(), r, Split.TRAIN, monitor);
        LabeledData test = view(ref, definition.input(), r, Split.TEST, monitor);
        return new DataSummary(r.id(), r.provider().displayName(), r.location(), train.classNames(),
                train.exampleShape(), train.classCounts(), classCounts(test, train.classes()));
    }

    @Override
    public List<ImageSample> preview(NetworkDefinition definition, DataLocation location, DataSplit split,
                                     int perClass, TaskMonitor monitor) {
        DatasetRef ref = datasetOf(definition);
        LabeledData view = view(ref, definition.input(), resolve(ref, locationOf(definition, location)), toSpi(split),
                monitor);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < view.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        int wanted = perClass * view.classes();
        int found = 0;
        for (int i = 0; i < view.count() && found < wanted; i++) {
            List<Integer> mine = byClass.get(view.label(i));
            if (mine.size() < perClass) {
                mine.add(i);
                found++;
            }
        }
        List<ImageSample> out = new ArrayList<>();
        for (List<Integer> indices : byClass) {
            for (int i : indices) {
                monitor.checkCancelled();
                out.add(sample(view, ref, split, i));
            }
        }
        return out;
    }

    private static int[] classCounts(LabeledData data, int classes) {
        int[] counts = new int[classes];
        for (int label : data.y()) {
            counts[label]++;
        }
        return counts;
    }

    private static ImageSample sample(LabeledData view, DatasetRef ref, DataSplit split, int index) {
        if (index < 0 || index >= view.count()) {
            throw new BadInputException("image index " + index + " is outside 0.." + (view.count() - 1) + " of "
                    + view.name());
        }
        StoredExamples stored = (StoredExamples) view.values();
        int row = view.row(index);
        int[] pixels = view.pixels(index);
        Shape s = view.exampleShape();
        int sourceLabel = stored.source().label(row);
        return new ImageSample(ref, split, index, row, s.channels(), s.height(), s.width(), pixels, view.label(index),
                stored.source().classNames().get(sourceLabel), sourceLabel);
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

    /** {@code location}, or when null the definition's own ({@link DatasetRef#defaultLocation()}). */
    public static DataLocation locationOf(NetworkDefinition def, DataLocation location) {
        return location != null ? location : datasetOf(def).defaultLocation();
    }

    private static DatasetRef datasetOf(NetworkDefinition def) {
        if (def.dataset() == null) {
            throw new BadInputException("model '" + def.name() + "' names no data set");
        }
        return def.dataset();
    }

    private static Recognition recognition(DatasetProvider p, Path dir) {
        try {
            Recognition r = p.recognize(dir);
            return r == null ? Recognition.NONE : r;
        } catch (RuntimeException e) {
            return Recognition.NONE; // a plugin's detection must not stop the others
        }
    }

    /** The view; the opened split stays held until the view's values are collected (see the class comment). */
    private LabeledData view(DatasetRef ref, Shape input, Resolved r, Split split, TaskMonitor monitor) {
        Opened o = open(r, split, ref, input, monitor);
        try {
            return view(ref, r, split, o);
        } catch (RuntimeException | Error e) {
            o.viewDone();
            throw e;
        }
    }

    private LabeledData view(DatasetRef ref, Resolved r, Split split, Opened o) {
        SplitSource source = o.source();
        List<String> sourceNames = source.classNames();
        int[] classes = classSubset(ref, r.id(), sourceNames);
        int[] sourceToView = new int[sourceNames.size()];
        Arrays.fill(sourceToView, -1);
        for (int i = 0; i < classes.length; i++) {
            sourceToView[classes[i]] = i;
        }
        int n = 0;
        for (int i = 0; i < source.count(); i++) {
            n += sourceToView[source.label(i)] >= 0 ? 1 : 0;
        }
        int[] rows = new int[n];
        int[] labels = new int[n];
        int k = 0;
        for (int i = 0; i < source.count(); i++) {
            int label = sourceToView[source.label(i)];
            if (label >= 0) {
                rows[k] = i;
                labels[k++] = label;
            }
        }
        List<String> names = new ArrayList<>(classes.length);
        for (int c : classes) {
            names.add(sourceNames.get(c));
        }
        if (!ref.classNames().isEmpty() && !ref.classNames().equals(names)) {
            throw new BadInputException(otherClasses(ref.classNames(), r, names));
        }
        String name = r.id() + (ref.classes().isEmpty() ? "" : ref.classes().toString()) + " "
                + split.name().toLowerCase() + " (" + displayLocation(r) + ")";
        StoredExamples values = new StoredExamples(source, cache, o.id(), ref.normalization());
        VIEWS_DONE.register(values, o::viewDone); // the hold open() took; every view made from this one shares values
        return new LabeledData(name, Shape.spatial(source.channels(), source.height(), source.width()), names,
                source.sha256(), values, rows, labels);
    }

    private static String displayLocation(Resolved r) {
        DataLocation l = r.location();
        return l.kind() == DataLocation.Kind.DIRECTORY ? l.directory().toString() : l.toString();
    }

    /**
     * A model whose definition pins no class names (written before they were stored) evaluated on another
     * plugin's data: refused when the definition's plugin names its classes and the names differ.
     */
    private void checkModelClasses(NetworkDefinition model, Resolved r, LabeledData data) {
        DatasetRef ref = model.dataset();
        if (!ref.classNames().isEmpty() || r.id().equals(ref.id())) {
            return;
        }
        DatasetProvider own = providers().stream().filter(p -> ref.id().equals(idOf(p))).findFirst().orElse(null);
        if (own == null || own.classNames().isEmpty()) {
            return;
        }
        List<String> expected = new ArrayList<>();
        for (int c : classSubset(ref, own.id(), own.classNames())) {
            expected.add(own.classNames().get(c));
        }
        if (!expected.equals(data.classNames())) {
            throw new BadInputException("model '" + model.name() + "' was trained on " + ref.id() + ": "
                    + otherClasses(expected, r, data.classNames()));
        }
    }

    private static String otherClasses(List<String> expected, Resolved r, List<String> found) {
        return "the model's classes are " + summary(expected) + " but " + r.location() + " has " + summary(found)
                + "; its predictions would be scored against unrelated labels. Pass --data with data of the same"
                + " classes (or train a model on this data).";
    }

    private static String summary(List<String> names) {
        String shown = names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
        return names.size() + " classes [" + shown + "]";
    }

    private Opened open(Resolved r, Split split, DatasetRef ref, Shape input, TaskMonitor monitor) {
        OpenKey key = new OpenKey(r.id(), r.location(), split, input, ref.resize(), ref.options());
        synchronized (openLocks.computeIfAbsent(key, k -> new Object())) {
            Opened o;
            synchronized (this) {
                requireOpen();
                o = opened.get(key);
                if (o != null) {
                    o.viewOpened(); // held before anyone can let it go
                }
            }
            if (o != null && !o.source().changedOnDisk()) {
                return o;
            }
            if (o != null) {
                synchronized (this) {
                    opened.remove(key, o);
                }
                o.letGo(); // its files changed: closed once the views still reading it are done
                o.viewDone();
            }
            DatasetProvider p = r.provider();
            checkOptions(p, ref);
            if (!p.isAvailable(r.location())) {
                // a folder's help names the folder; mini and standard are named here
                throw new BadInputException(r.location().kind() == DataLocation.Kind.DIRECTORY
                        ? p.locationHelp(r.location())
                        : p.id() + " is not available at " + r.location() + ": " + p.locationHelp(r.location()));
            }
            SplitSource source;
            try {
                source = p.open(split, r.location(), new SplitRequest(input, ref.resize(), ref.options(), monitor));
            } catch (IOException e) {
                throw new BadInputException(p.id() + " (" + r.location() + "): cannot read the "
                        + split.name().toLowerCase() + " split: " + e.getMessage(), e);
            }
            List<Opened> tooMany = new ArrayList<>();
            synchronized (this) {
                o = new Opened(source, nextId++);
                unclosed.removeIf(Opened::closed);
                unclosed.add(o);
                if (closed) {
                    o.close();
                    requireOpen();
                }
                o.viewOpened();
                opened.put(key, o);
                var eldest = opened.values().iterator();
                while (opened.size() > MAX_KEPT_OPEN) {
                    tooMany.add(eldest.next());
                    eldest.remove();
                }
            }
            tooMany.forEach(Opened::letGo);
            return o;
        }
    }

    private static void checkOptions(DatasetProvider p, DatasetRef ref) {
        for (String option : ref.options().keySet()) {
            if (!p.optionNames().contains(option)) {
                throw new BadInputException("data set " + p.id() + ": unknown option '" + option + "' in dataset.options"
                        + (p.optionNames().isEmpty() ? "; it takes no options"
                        : "; it takes " + String.join(", ", new TreeSet<>(p.optionNames()))));
            }
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
    private static int[] classSubset(DatasetRef ref, String id, List<String> classNames) {
        int n = classNames.size();
        if (ref.classes().isEmpty()) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        boolean[] seen = new boolean[n];
        int[] classes = new int[ref.classes().size()];
        for (int i = 0; i < classes.length; i++) {
            Integer c = ref.classes().get(i);
            if (c == null || c < 0 || c >= n) {
                throw new BadInputException("data set " + id + ": class " + c + " in classes " + ref.classes()
                        + " is outside 0.." + (n - 1) + " (" + String.join(", ", classNames) + ")");
            }
            if (seen[c]) {
                throw new BadInputException("data set " + id + ": class " + c + " appears twice in classes "
                        + ref.classes());
            }
            seen[c] = true;
            classes[i] = c;
        }
        if (classes.length < 2) {
            throw new BadInputException("data set " + id + ": a class subset needs at least 2 classes, got "
                    + ref.classes());
        }
        return classes;
    }
}
