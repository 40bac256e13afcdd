package dev.bitflow.engine.api.data;

import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import java.util.List;

/**
 * The data-set references the workbench uses by name: all of Fashion-MNIST, and the 2-class task Shirt vs
 * T-shirt/top (Fashion-MNIST classes 6 and 0, which become labels 0 and 1; the hardest pair to tell apart,
 * which makes it a good probe of what binarization costs).
 */
public final class DatasetRefs {
    /** The id of the built-in Fashion-MNIST plugin. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Fashion-MNIST label of T-shirt/top. */
    public static final int T_SHIRT_TOP = 0;
    /** Fashion-MNIST label of Shirt. */
    public static final int SHIRT = 6;

    private DatasetRefs() {
    }

    /** All ten Fashion-MNIST classes. */
    public static DatasetRef fashionMnist(Normalization normalization) {
        return new DatasetRef(FASHION_MNIST, List.of(), normalization);
    }

    /** Shirt (label 0) vs T-shirt/top (label 1): classes [6, 0]. */
    public static DatasetRef shirtVsTshirt(Normalization normalization) {
        return new DatasetRef(FASHION_MNIST, List.of(SHIRT, T_SHIRT_TOP), normalization);
    }
}
