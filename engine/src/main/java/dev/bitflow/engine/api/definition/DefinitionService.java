package dev.bitflow.engine.api.definition;

import dev.bitflow.engine.api.BadInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Network definitions: {@code *.bitflow.json} files, shape inference and design checks.
 *
 * <p>Reading is strict: a malformed or structurally invalid file (syntax error, unknown layer type,
 * unknown field, wrong type, missing required field, bad enum value, non-positive size, duplicate layer
 * name, format version newer than this build) raises one {@link BadInputException} whose message names
 * the file, the JSON path (for example {@code $.layers[3].kernel}) and the line. Design problems that a
 * well-formed file may still have (shape errors, orders BatchShift cannot fuse) are not load errors;
 * {@link #check(NetworkDefinition)} reports them, so an editor can open and repair such a design.
 * The format is documented in {@code docs/definition-format.md}.
 */
public interface DefinitionService {

    /** Reads a definition file. */
    NetworkDefinition load(Path file);

    /**
     * Parses definition JSON. {@code sourceName} is the name error messages use for the text (a file
     * name, or something like {@code "editor"}).
     */
    NetworkDefinition parse(String json, String sourceName);

    /** The JSON text of a definition, in the current format version, one layer per line. */
    String toJson(NetworkDefinition definition);

    /**
     * Writes a definition file atomically: a temporary file in the same folder, then an atomic move over
     * {@code file}. On failure the previous file is left unchanged.
     */
    void save(NetworkDefinition definition, Path file);

    /**
     * Structural validation of an in-memory definition (names, sizes, enum values), the same rules
     * {@link #parse} applies, with messages naming the layer and field.
     *
     * @throws BadInputException on the first problem found
     */
    void validate(NetworkDefinition definition);

    /** Shape inference for every layer and the design checks (severity, code, layer, field, message). */
    DesignReport check(NetworkDefinition definition);

    /**
     * Where position ({@code y}, {@code x}) of layer {@code layer}'s output grid looks on the input image: through
     * every conv (kernel, stride, padding) and pool before it.
     *
     * @throws BadInputException if there is no such layer, its shape is unknown (a design error before it), or the
     *                           position is outside its output
     */
    ReceptiveField receptiveField(NetworkDefinition definition, String layer, int y, int x);

    /** Names of the bundled sample definitions, for example {@code fashion-bcnn}. */
    List<String> sampleNames();

    /** A bundled sample definition by name (without {@code .bitflow.json}). */
    NetworkDefinition sample(String name);

    /** The training section a new definition starts with. */
    TrainingSpec defaultTraining();
}
