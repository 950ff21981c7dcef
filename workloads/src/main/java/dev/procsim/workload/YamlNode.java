package dev.procsim.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A YAML value with the place it was written: a scalar (kept as its text; the reader of a key
 * decides whether it is a duration, a size or a name), a mapping in file order, or a sequence.
 * Equality compares content only, not positions, so a re-read canonical form equals the original.
 */
public sealed interface YamlNode {
    int line();

    int column();

    /** The value's type as users know it, for "expected X, found Y" messages. */
    String kind();

    /** A scalar; {@code text} is null for YAML null ({@code ~}, {@code null} or nothing). */
    record Scalar(String text, int line, int column) implements YamlNode {
        public String kind() {
            return text == null ? "nothing" : "'" + text + "'";
        }

        public boolean isNull() {
            return text == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Scalar s && Objects.equals(text, s.text);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(text);
        }
    }

    /** A key of a mapping with where the key itself was written (for unknown-key errors). */
    record Key(String name, int line, int column) {}

    /** A mapping; keys unique, in file order. */
    final class MapNode implements YamlNode {
        private final int line;
        private final int column;
        private final Map<String, YamlNode> values = new LinkedHashMap<>();
        private final Map<String, Key> keys = new LinkedHashMap<>();

        public MapNode(int line, int column) {
            this.line = line;
            this.column = column;
        }

        /** False (and nothing changed) when the key is already there. */
        public boolean put(Key key, YamlNode value) {
            if (values.containsKey(key.name())) return false;
            values.put(key.name(), value);
            keys.put(key.name(), key);
            return true;
        }

        public YamlNode get(String key) {
            return values.get(key);
        }

        public Key key(String key) {
            return keys.get(key);
        }

        public Map<String, YamlNode> values() {
            return Collections.unmodifiableMap(values);
        }

        public int size() {
            return values.size();
        }

        public int line() { return line; }

        public int column() { return column; }

        public String kind() {
            return "a mapping";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MapNode m && values.equals(m.values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /** A sequence. */
    record ListNode(List<YamlNode> items, int line, int column) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
        }

        public String kind() {
            return "a list";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListNode l && items.equals(l.items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }
    }
}
