package dev.bitflow.engine.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry names inside checksummed archives: relative, '/'-separated, no empty, {@code .} or {@code ..}
 * segments, no backslashes or control characters. {@link #segment} turns any name (a layer name typed by
 * a user) into one safe path segment by percent-encoding every byte outside {@code [A-Za-z0-9_.-]}.
 */
public final class ArchiveNames {
    private ArchiveNames() {
    }

    /** Why the name is not a valid entry name, or {@code null} if it is valid. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "entry name is empty";
        }
        if (name.startsWith("/")) {
            return "entry name '" + name + "' is absolute";
        }
        if (name.indexOf('\\') >= 0) {
            return "entry name '" + name + "' contains a backslash";
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
                return "entry name '" + name + "' contains a control character";
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "entry name '" + name + "' has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    /** Checks the name, throwing {@link IllegalArgumentException} with the problem. */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /**
     * Encodes any non-empty string as one safe path segment: {@code [A-Za-z0-9_-]} and {@code .} stay,
     * every other UTF-8 byte becomes {@code %XX}; the segments {@code .} and {@code ..} are encoded too.
     */
    public static String segment(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("an empty name cannot be an entry path segment");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean dotsOnly = raw.equals(".") || raw.equals("..");
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-' || c == '.' && !dotsOnly;
            if (safe) {
                out.write(c);
            } else {
                byte[] hex = String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII);
                out.write(hex, 0, hex.length);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
