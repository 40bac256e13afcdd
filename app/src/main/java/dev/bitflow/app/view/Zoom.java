package dev.bitflow.app.view;

import javafx.beans.property.DoubleProperty;
import javafx.beans.value.ObservableDoubleValue;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * How drawn parts of a view (canvases, charts) learn the window's zoom: the workbench puts its zoom factor
 * into the scene root's properties under {@link #KEY}; {@link #follow} binds a node's own zoom to it whenever
 * the node is in such a scene (and resets it to 1 outside one). Controls and text need nothing: they scale
 * with the root's font size.
 */
public final class Zoom {
    /** The scene root property holding the window's {@link ObservableDoubleValue} zoom (1 = 100%). */
    public static final String KEY = "bitflow.zoom";

    private Zoom() {
    }

    /**
     * Publishes {@code zoom} as the zoom of everything under {@code root}; call before {@code root} is given to
     * its scene, so the nodes already under it find it when they join the scene.
     */
    public static void install(Parent root, ObservableDoubleValue zoom) {
        root.getProperties().put(KEY, zoom);
    }

    /** Keeps {@code target} equal to the zoom of the scene {@code node} is in. */
    public static void follow(Node node, DoubleProperty target) {
        node.sceneProperty().addListener((o, old, scene) -> bind(scene, target));
        bind(node.getScene(), target);
    }

    private static void bind(Scene scene, DoubleProperty target) {
        Object zoom = scene == null || scene.getRoot() == null ? null : scene.getRoot().getProperties().get(KEY);
        if (zoom instanceof ObservableDoubleValue value) {
            target.bind(value);
        } else {
            target.unbind();
            target.set(1);
        }
    }
}
