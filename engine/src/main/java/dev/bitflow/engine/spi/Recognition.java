package dev.bitflow.engine.spi;

/**
 * How specifically a data-set plugin recognises a folder ({@link DatasetProvider#recognize}); {@code --data DIR}
 * picks the plugin with the highest level. Two plugins at the same highest level make the folder ambiguous:
 * the user then names the kind ({@code --data idx:DIR}).
 */
public enum Recognition {
    /** Not this plugin's data. */
    NONE,
    /** A layout many data sets share, for example one sub-folder of images per class. */
    LAYOUT,
    /** The files of one format, for example four IDX files or CIFAR-10's binary batches. */
    FORMAT,
    /** This very data set, for example checked by the checksums of its label files. */
    EXACT
}
