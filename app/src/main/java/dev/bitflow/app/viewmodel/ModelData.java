package dev.bitflow.app.viewmodel;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;

/**
 * Where the analysis views read a model's test images: the data the model was trained on (the location its
 * definition names, stored by training), else, for models written before locations were stored, the embedded
 * mini set, which is always there.
 */
public final class ModelData {
    private ModelData() {
    }

    /** The location of {@code model}'s test images. */
    public static DataLocation of(NetworkDefinition model) {
        return model != null && model.dataset() != null && model.dataset().location() != null
                ? model.dataset().location() : DataLocation.mini();
    }
}
