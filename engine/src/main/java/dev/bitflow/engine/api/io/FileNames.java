package dev.bitflow.engine.api.io;

import java.util.Locale;
import java.util.Set;

/**
 * File names derived from outside text (a network's name) for default outputs: always a single plain name in
 * the folder it is resolved against, never a path.
 */
public final class FileNames {
    /** Longest stem kept (file systems allow 255 bytes; extensions and suffixes are added after it). */
    public static final int MAX_STEM = 64;
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3",
            "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
            "lpt8", "lpt9");

    private FileNames() {
    }

    /**
     * A file name stem made from {@code name}: letters and digits of any script, {@code -}, {@code _} and
     * {@code .} are kept; every other character (path separators, spaces, control characters, {@code :}, ...)
     * becomes {@code _}, runs of {@code _} collapse to one; leading dots, dashes and underscores are dropped (no
     * hidden files, nothing that reads as an option), as are trailing dots and underscores; at most
     * {@value #MAX_STEM} characters; Windows device names get a leading {@code _}; nothing left gives
     * {@code "model"}. So {@code ../../x} gives {@code x} and {@code /etc/passwd} gives {@code etc_passwd}: the
     * result contains no separator and is never {@code .} or {@code ..}.
     */
    public static String stem(String name) {
        StringBuilder b = new StringBuilder();
        String text = name == null ? "" : name;
        for (int i = 0; i < text.length() && b.length() < MAX_STEM; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean keep = Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
            if (keep && Character.getType(c) != Character.FORMAT) {
                b.appendCodePoint(c);
            } else if (b.length() == 0 || b.charAt(b.length() - 1) != '_') {
                b.append('_');
            }
        }
        int start = 0;
        while (start < b.length() && "._-".indexOf(b.charAt(start)) >= 0) {
            start++;
        }
        int end = b.length();
        while (end > start && "._".indexOf(b.charAt(end - 1)) >= 0) {
            end--;
        }
        String stem = b.substring(start, end);
        if (stem.isEmpty()) {
            return "model";
        }
        String base = stem.contains(".") ? stem.substring(0, stem.indexOf('.')) : stem;
        return WINDOWS_DEVICES.contains(base.toLowerCase(Locale.ROOT)) ? "_" + stem : stem;
    }
}
