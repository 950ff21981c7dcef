package dev.procsim.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML text into {@link YamlNode}s with positions, through Jackson's streaming YAML parser
 * (one document; duplicate keys are errors; sizes capped so no input can exhaust memory).
 */
public final class YamlReader {
    /** Largest experiment file accepted (characters). */
    public static final int MAX_CHARS = 1_000_000;
    static final int MAX_DEPTH = 40;
    static final int MAX_NODES = 200_000;

    private static final YAMLFactory FACTORY;

    static {
        LoaderOptions lo = new LoaderOptions();
        lo.setCodePointLimit(MAX_CHARS * 4);
        lo.setNestingDepthLimit(MAX_DEPTH + 10);
        lo.setMaxAliasesForCollections(10);
        lo.setAllowDuplicateKeys(true); // reported by us, with both positions
        FACTORY = YAMLFactory.builder().loaderOptions(lo)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 10).build())
                .build();
    }

    private final String file;
    private final List<InputError> errors;
    private JsonParser parser;
    private int nodes;
    private boolean unsupported;
    /** The first use of each unsupported feature (alias, merge key), reported; later ones are only counted. */
    private final Map<String, Use> firstUse = new HashMap<>();

    /**
     * Reports the first use of an unsupported feature, as {@code lead + rest}; later uses are counted
     * into that one message ({@code lead + ", and N more in this file" + rest}), so that an alias bomb
     * (thousands of aliases) gives one line.
     */
    private void unsupported(String feature, int line, int col, String path, String lead, String rest) {
        unsupported = true;
        Use first = firstUse.get(feature);
        if (first != null) {
            first.more++;
            return;
        }
        firstUse.put(feature, new Use(errors.size(), lead, rest));
        errors.add(new InputError(file, line, col, path, lead + rest));
    }

    /** Where the first use of a feature was reported, its message, and how many uses followed. */
    private static final class Use {
        final int index;
        final String lead;
        final String rest;
        int more;

        Use(int index, String lead, String rest) {
            this.index = index;
            this.lead = lead;
            this.rest = rest;
        }
    }

    /** Adds the count of later uses to the message of each feature used more than once. */
    private void countRepeats() {
        for (Use u : firstUse.values()) {
            if (u.more == 0) continue;
            InputError first = errors.get(u.index);
            errors.set(u.index, new InputError(first.file(), first.line(), first.column(), first.field(),
                    u.lead + ", and " + u.more + " more in this file" + u.rest));
        }
        firstUse.clear();
    }

    private YamlReader(String file, List<InputError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** The document's root, or null after adding the errors that stopped reading. */
    public static YamlNode read(String file, String text, List<InputError> errors) {
        if (text.length() > MAX_CHARS) {
            errors.add(new InputError(file, 0, 0, null, "file is larger than " + MAX_CHARS + " characters"));
            return null;
        }
        YamlReader r = new YamlReader(file, errors);
        try (JsonParser p = FACTORY.createParser(text)) {
            r.parser = p;
            JsonToken t = p.nextToken();
            if (t == null) {
                errors.add(new InputError(file, 1, 1, null, "the file is empty; expected a mapping with at least 'workload'"));
                return null;
            }
            YamlNode root = r.value(t, "", 0);
            r.countRepeats();
            return r.unsupported ? null : root; // the rest would only repeat the consequences
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            String m = String.valueOf(e.getOriginalMessage());
            errors.add(new InputError(file, l == null ? 0 : Math.max(0, l.getLineNr()), l == null ? 0 : Math.max(0, l.getColumnNr()),
                    null, m.contains("nesting depth") ? "values are nested too deeply; at most " + MAX_DEPTH + " levels are accepted"
                            : "a key or value is too long; shorten it"));
        } catch (JsonProcessingException e) {
            errors.add(YamlSyntax.error(file, text, e));
        } catch (Stop e) {
            errors.add(new InputError(file, e.line, e.column, e.path, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some malformed input (bad anchors, limits) as its own runtime exceptions.
            errors.add(YamlSyntax.error(file, text, e));
        }
        r.countRepeats();
        return null;
    }

    /** A problem that stops reading (a limit of the file's size or shape, a value of an unread type), where it is. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;
        final String path;

        Stop(String m, JsonLocation at, String path) {
            super(m, null, false, false);
            this.line = at == null ? 0 : Math.max(0, at.getLineNr());
            this.column = at == null ? 0 : Math.max(0, at.getColumnNr());
            this.path = path;
        }
    }

    private YamlNode value(JsonToken t, String path, int depth) throws IOException {
        JsonLocation loc = parser.currentTokenLocation();
        if (++nodes > MAX_NODES) {
            throw new Stop("the file holds more than " + MAX_NODES + " values, the most accepted; this is the first beyond", loc,
                    path);
        }
        if (depth > MAX_DEPTH) {
            throw new Stop("this value is nested " + depth + " levels deep; at most " + MAX_DEPTH + " levels are accepted", loc,
                    path);
        }
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT: {
                YamlNode.MapNode m = new YamlNode.MapNode(line, col);
                JsonToken k;
                while ((k = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    JsonLocation kl = parser.currentTokenLocation();
                    String name = parser.currentName();
                    YamlNode.Key key = new YamlNode.Key(name, kl.getLineNr(), kl.getColumnNr());
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (name.equals("<<")) {
                        unsupported("<<", kl.getLineNr(), kl.getColumnNr(), childPath, "YAML merge keys ('<<'", ") are not supported; write the keys"
                                + " out (a program used by several processes can be named once under workload.programs)");
                    }
                    YamlNode v = value(parser.nextToken(), childPath, depth + 1);
                    if (!m.put(key, v)) {
                        YamlNode.Key first = m.key(name);
                        errors.add(new InputError(file, key.line(), key.column(), childPath, "key '" + name
                                + "' appears twice (first at line " + first.line() + ")"));
                    }
                }
                return m;
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                JsonToken i;
                while ((i = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(i, path + "[" + items.size() + "]", depth + 1));
                }
                return new YamlNode.ListNode(items, line, col);
            }
            case VALUE_NULL:
                return new YamlNode.Scalar(null, line, col);
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                if (parser instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    unsupported("*", line, col, path, "YAML aliases ('*" + parser.getText() + "'", ") are not supported; write the value out"
                            + " (a program used by several processes can be named once under workload.programs and referred to by name)");
                }
                return new YamlNode.Scalar(parser.getText(), line, col);
            default:
                // VALUE_EMBEDDED_OBJECT: a typed value such as !!binary
                throw new Stop("a value of a YAML type procsim does not read (such as !!binary); write it as plain text", loc, path);
        }
    }
}
