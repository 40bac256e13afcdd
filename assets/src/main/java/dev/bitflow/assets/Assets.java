package dev.bitflow.assets;

import java.net.URL;
import java.util.Objects;

/**
 * The one locator for the workbench's resources (stylesheets, images) and the names of the CSS classes
 * the stylesheet defines. Resources only: no UI code lives in this module.
 */
public final class Assets {
    /** Style class of the window's root pane. */
    public static final String WORKBENCH = "bf-workbench";
    /** The left navigation bar and its buttons. */
    public static final String NAV_BAR = "bf-nav-bar";
    public static final String NAV_BUTTON = "bf-nav-button";
    /** The status bar at the bottom of the window. */
    public static final String STATUS_BAR = "bf-status-bar";
    /** A view's header: title and subtitle. */
    public static final String VIEW_HEADER = "bf-view-header";
    public static final String VIEW_TITLE = "bf-view-title";
    public static final String VIEW_SUBTITLE = "bf-view-subtitle";
    /** A titled side panel (palette, property sheet). */
    public static final String PANEL = "bf-panel";
    public static final String PANEL_TITLE = "bf-panel-title";
    /** A designed empty state: icon, headline, explanation. */
    public static final String EMPTY_STATE = "bf-empty-state";
    public static final String EMPTY_STATE_ICON = "bf-empty-state-icon";
    public static final String EMPTY_STATE_TITLE = "bf-empty-state-title";
    public static final String EMPTY_STATE_TEXT = "bf-empty-state-text";
    /** Palette entries of the architecture editor. */
    public static final String PALETTE_ITEM = "bf-palette-item";
    /** A layer row in the network list and its parts. */
    public static final String LAYER_CELL = "bf-layer-cell";
    public static final String LAYER_NAME = "bf-layer-name";
    public static final String LAYER_TYPE = "bf-layer-type";
    public static final String LAYER_SHAPE = "bf-layer-shape";
    public static final String LAYER_SUMMARY = "bf-layer-summary";
    /** Precision badges: binary (1 bit) and float (32 bit). */
    public static final String BADGE = "bf-badge";
    public static final String BADGE_BINARY = "bf-badge-binary";
    public static final String BADGE_FLOAT = "bf-badge-float";
    /** Inline design-check messages by severity. */
    public static final String ISSUE_ERROR = "bf-issue-error";
    public static final String ISSUE_WARNING = "bf-issue-warning";
    public static final String ISSUE_INFO = "bf-issue-info";
    /** A property-sheet field whose text does not parse or is out of range. */
    public static final String FIELD_INVALID = "bf-field-invalid";
    public static final String FIELD_ERROR_TEXT = "bf-field-error-text";
    /** A drop target line while dragging in the network list. */
    public static final String DROP_TARGET = "bf-drop-target";
    /** Summary cards (totals) on the inspector. */
    public static final String METRIC_CARD = "bf-metric-card";
    public static final String METRIC_VALUE = "bf-metric-value";
    public static final String METRIC_LABEL = "bf-metric-label";
    /** SF report rows: a channel with gamma &lt; 0 (flipped) and a constant channel. */
    public static final String ROW_FLIPPED = "bf-row-flipped";
    public static final String ROW_CONSTANT = "bf-row-constant";
    /** Step-through bit tiles. */
    public static final String BIT_GRID = "bf-bit-grid";
    /** Style class added to the root when the dark theme is active. */
    public static final String DARK = "bf-dark";
    /** The window root in presenter mode (large type). */
    public static final String PRESENTER = "bf-presenter";

    private static final String BASE = "/dev/bitflow/assets/";

    private Assets() {
    }

    /** The workbench stylesheet (works on top of the AtlantaFX Primer themes, light and dark). */
    public static String workbenchStylesheet() {
        return url("css/workbench.css").toExternalForm();
    }

    /** A resource of this module by its path below {@code dev/bitflow/assets/}; fails clearly if missing. */
    public static URL url(String relativePath) {
        return Objects.requireNonNull(Assets.class.getResource(BASE + relativePath),
                () -> "missing asset " + BASE + relativePath);
    }
}
