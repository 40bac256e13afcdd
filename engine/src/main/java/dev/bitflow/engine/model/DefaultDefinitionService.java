package dev.bitflow.engine.model;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ReceptiveField;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.TrainingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Definitions: JSON codec ({@link DefinitionCodec}), shape inference and design checks ({@link DesignChecker}). */
public final class DefaultDefinitionService implements DefinitionService {
    /** Classpath folder of the bundled samples (the sample-models jar). */
    public static final String SAMPLE_FOLDER = "dev/bitflow/samples/";
    /** Classpath file listing the bundled sample definitions, one name per line. */
    public static final String SAMPLE_INDEX = SAMPLE_FOLDER + "definitions.index";
    /** File name suffix of definition files. */
    public static final String SUFFIX = ".bitflow.json";
    /**
     * Largest definition file read: 16 MiB, a hundred times a 10,000-layer definition, so a wrong argument
     * ({@code /dev/urandom}, a data file) is refused before it fills memory.
     */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private final DefinitionCodec codec = new DefinitionCodec(defaultTrainingSpec());
    private final ClassLoader resources;

    public DefaultDefinitionService() {
        this(DefaultDefinitionService.class.getClassLoader());
    }

    /** A service that finds sample definitions through {@code resources}. */
    public DefaultDefinitionService(ClassLoader resources) {
        this.resources = resources;
    }

    /** The codec, for file formats that embed a definition (model files). */
    public DefinitionCodec codec() {
        return codec;
    }

    @Override
    public NetworkDefinition load(Path file) {
        String text;
        try {
            byte[] bytes = ReadLimits.readFile(file, MAX_FILE_BYTES, "a network definition");
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException(file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte-order mark some editors write
        }
        return codec.parse(text, file.toString());
    }

    @Override
    public NetworkDefinition parse(String json, String sourceName) {
        return codec.parse(json, sourceName);
    }

    @Override
    public String toJson(NetworkDefinition definition) {
        return codec.toJson(definition);
    }

    @Override
    public void save(NetworkDefinition definition, Path file) {
        validate(definition);
        String json = toJson(definition);
        try {
            AtomicFiles.writeString(file, json);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Validates by writing and strictly re-reading, so the rules are exactly those of {@link #parse}. */
    @Override
    public void validate(NetworkDefinition definition) {
        String name = definition.name() == null ? "unnamed" : definition.name();
        codec.parse(codec.toJson(definition), "definition '" + name + "'");
    }

    @Override
    public DesignReport check(NetworkDefinition definition) {
        return DesignChecker.check(definition);
    }

    @Override
    public ReceptiveField receptiveField(NetworkDefinition definition, String layer, int y, int x) {
        return ReceptiveFields.of(definition, ShapeInference.infer(definition, new ArrayList<>()), layer, y, x);
    }

    @Override
    public List<String> sampleNames() {
        try (InputStream in = resources.getResourceAsStream(SAMPLE_INDEX)) {
            if (in == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String n = line.strip();
                if (!n.isEmpty() && !n.startsWith("#") && resources.getResource(SAMPLE_FOLDER + n + SUFFIX) != null) {
                    names.add(n);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NetworkDefinition sample(String name) {
        String resource = SAMPLE_FOLDER + name + SUFFIX;
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException("no sample definition '" + name + "'; samples: "
                        + String.join(", ", sampleNames()));
            }
            return codec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "sample " + name + SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TrainingSpec defaultTraining() {
        return defaultTrainingSpec();
    }

    /**
     * Adam, one-cycle to a maximum rate of 3e-3 (30% warm-up), 15 epochs of batch 128, seed 42, 10% of the
     * training set held out for validation.
     */
    static TrainingSpec defaultTrainingSpec() {
        return new TrainingSpec(Optimizer.ADAM, 3e-3, 0.9, new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1.0, 0.3),
                15, 128, 42L, 0.1);
    }
}
