package dev.bitflow.engine.api.data;

import dev.bitflow.engine.api.definition.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * What a location holds for a network, before training on it: the plugin that reads it (detected for a plain
 * folder), where, the classes of the definition's task and how many examples each split has of each class.
 *
 * @param id            the data-set plugin that reads it, for example {@code images}
 * @param name          that plugin's display name
 * @param location      the location, with the plugin as its format when it is a folder
 * @param classNames    the task's class names, index = label
 * @param example       the shape of one example as the network will see it
 * @param trainPerClass training examples per label
 * @param testPerClass  test examples per label
 */
public record DataSummary(String id, String name, DataLocation location, List<String> classNames, Shape example,
                          int[] trainPerClass, int[] testPerClass) {
    public DataSummary {
        classNames = List.copyOf(classNames);
        trainPerClass = trainPerClass.clone();
        testPerClass = testPerClass.clone();
    }

    public int trainCount() {
        return Arrays.stream(trainPerClass).sum();
    }

    public int testCount() {
        return Arrays.stream(testPerClass).sum();
    }

    @Override
    public int[] trainPerClass() {
        return trainPerClass.clone();
    }

    @Override
    public int[] testPerClass() {
        return testPerClass.clone();
    }

    /** One line: {@code images:/data/pets (Image folders): 2 classes [cat, dog], 900 train / 100 test, 3x32x32}. */
    public String describe() {
        String names = classNames.size() <= 10 ? String.join(", ", classNames)
                : String.join(", ", classNames.subList(0, 8)) + ", ... (" + classNames.size() + ")";
        return String.format(java.util.Locale.ROOT, "%s (%s): %d classes [%s], %,d train / %,d test, %s", location,
                name, classNames.size(), names, trainCount(), testCount(), example);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSummary d && id.equals(d.id) && name.equals(d.name) && location.equals(d.location)
                && classNames.equals(d.classNames) && example.equals(d.example)
                && Arrays.equals(trainPerClass, d.trainPerClass) && Arrays.equals(testPerClass, d.testPerClass);
    }

    @Override
    public int hashCode() {
        return location.hashCode() * 31 + Arrays.hashCode(trainPerClass);
    }

    @Override
    public String toString() {
        return describe();
    }
}
