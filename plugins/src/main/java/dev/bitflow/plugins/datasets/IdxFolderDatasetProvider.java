package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetSpec;
import java.util.List;

/**
 * The built-in plugin {@value #ID}: any data set in the four MNIST-style IDX files, of any image size and any number
 * of classes, read from {@code --data idx:DIR} (or a folder recognised as IDX). Class names are the lines of
 * {@code DIR/classes.txt} (one per line, label order), or else the label numbers {@code 0..max label}.
 */
public class IdxFolderDatasetProvider extends IdxDatasetProvider {
    public static final String ID = "idx";

    public IdxFolderDatasetProvider() {
        super(new IdxDatasetSpec(ID, "IDX files", "any data set as four MNIST-style IDX files (any image size and "
                + "classes; names from classes.txt)", List.of(), 0, 0, null, null, null),
                IdxFolderDatasetProvider.class.getClassLoader());
    }
}
