package dev.bitflow.engine.api.data;

/** The data sets available through plugins, and views of them (class subsets, splits). */
public interface DatasetService {
}
