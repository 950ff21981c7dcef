package dev.procsim.workload;

import java.util.Map;

/**
 * Writes {@link YamlNode}s as block YAML with every scalar double-quoted, so reading the text back
 * gives equal nodes whatever the scalars contain (numbers stay text, {@code ${x}} stays a reference).
 */
public final class YamlWriter {
    private YamlWriter() {}

    /** A mapping's entries at the top level (no indentation), one per line, ending with a newline. */
    public static String write(YamlNode.MapNode root) {
        StringBuilder b = new StringBuilder();
        entries(b, root.values(), 0);
        return b.toString();
    }

    static void entries(StringBuilder b, Map<String, YamlNode> m, int indent) {
        for (var e : m.entrySet()) {
            pad(b, indent).append(key(e.getKey())).append(':');
            value(b, e.getValue(), indent);
        }
    }

    /** After "key:" or "-": a scalar or empty collection on the same line, else the block below. */
    private static void value(StringBuilder b, YamlNode v, int indent) {
        if (v instanceof YamlNode.Scalar s) {
            b.append(' ').append(scalar(s.text())).append('\n');
        } else if (v instanceof YamlNode.MapNode m) {
            if (m.size() == 0) {
                b.append(" {}\n");
            } else {
                b.append('\n');
                entries(b, m.values(), indent + 2);
            }
        } else {
            YamlNode.ListNode l = (YamlNode.ListNode) v;
            if (l.items().isEmpty()) {
                b.append(" []\n");
                return;
            }
            b.append('\n');
            for (YamlNode item : l.items()) {
                pad(b, indent + 2).append('-');
                value(b, item, indent + 2);
            }
        }
    }

    private static StringBuilder pad(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) b.append(' ');
        return b;
    }

    static String key(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_.-]*") ? k : scalar(k);
    }

    /** A double-quoted YAML scalar ({@code null} for null). */
    public static String scalar(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                    || Character.isSurrogate(c) && !validPair(s, i)) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
}
