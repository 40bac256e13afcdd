package dev.bitflow.app.view;

import dev.bitflow.assets.Assets;
import java.net.URL;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * Applies the AtlantaFX Primer theme (light or dark) and the workbench stylesheet to a scene.
 *
 * <p>AtlantaFX 2.1.0's classes are compiled for Java 21 while the build targets 17, so the theme is used
 * through its stylesheets (plain resources in the same jar) rather than its {@code Theme} classes; see
 * docs/decisions/0060-atlantafx-through-stylesheets.md.
 */
public final class Theme {
    static final String PRIMER_LIGHT = "/atlantafx/base/theme/primer-light.css";
    static final String PRIMER_DARK = "/atlantafx/base/theme/primer-dark.css";

    private Theme() {
    }

    public static void apply(Scene scene, boolean dark) {
        Application.setUserAgentStylesheet(stylesheet(dark));
        String css = Assets.workbenchStylesheet();
        if (!scene.getStylesheets().contains(css)) {
            scene.getStylesheets().add(css);
        }
        if (scene.getRoot() != null) {
            scene.getRoot().getStyleClass().remove(Assets.DARK);
            if (dark) {
                scene.getRoot().getStyleClass().add(Assets.DARK);
            }
        }
    }

    /** The AtlantaFX Primer stylesheet for the theme. */
    public static String stylesheet(boolean dark) {
        String path = dark ? PRIMER_DARK : PRIMER_LIGHT;
        URL url = Objects.requireNonNull(Theme.class.getResource(path), () -> "AtlantaFX theme missing: " + path);
        return url.toExternalForm();
    }
}
