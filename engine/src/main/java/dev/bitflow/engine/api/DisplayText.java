package dev.bitflow.engine.api;

/**
 * Makes text from files, plugins and the file system safe to show: on a terminal (where an escape sequence in
 * a network's name could move the cursor, rewrite earlier lines, change the window title or hide text) and in
 * a window's labels (where a bidirectional override makes a name read backwards). Both the command line and
 * the GUI show outside text only through here.
 *
 * <p>Escaped, as {@code \}{@code uXXXX} (hexadecimal, upper case, which is also a valid JSON escape): every
 * control character (U+0000-U+001F, U+007F-U+009F: ESC, CR, BEL, the C1 set with CSI...), the line and
 * paragraph separators U+2028/U+2029, and the invisible direction marks and overrides (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069). Everything else, including letters of any script, is kept.
 */
public final class DisplayText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DisplayText() {
    }

    /** One line of outside text (a name, an id, a path): every character above is escaped, tab and line feed too. */
    public static String escape(CharSequence text) {
        return escape(text, false);
    }

    /**
     * Several lines of text (a message, a description): like {@link #escape(CharSequence)} but line feeds and
     * tabs are kept, so the text keeps its layout. A carriage return is still escaped: it would let a line
     * overwrite the one shown before it.
     */
    public static String escapeKeepingLines(CharSequence text) {
        return escape(text, true);
    }

    /** Whether {@code c} is shown escaped (line feed and tab: unless lines are kept). */
    public static boolean needsEscape(char c, boolean keepLines) {
        if (keepLines && (c == '\n' || c == '\t')) {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\u061C'
                || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Appends {@code c} as {@code \}{@code uXXXX}. */
    public static void appendEscaped(StringBuilder to, char c) {
        to.append('\\').append('u').append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    private static String escape(CharSequence text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first), keepLines)) {
            first++;
        }
        if (first == text.length()) {
            return text.toString();
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c, keepLines)) {
                appendEscaped(b, c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
