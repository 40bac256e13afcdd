package dev.bitflow.app.viewmodel.editor;

import java.util.List;

/**
 * One field of the property sheet: its key, label, what it holds, the allowed choices (for
 * {@link Kind#CHOICE}) and the current value as text.
 */
public record PropertyField(String key, String label, Kind kind, List<String> choices, String value, String help) {
    public enum Kind { TEXT, INTEGER, DECIMAL, CHOICE, FLAG }

    public PropertyField {
        choices = List.copyOf(choices);
    }
}
