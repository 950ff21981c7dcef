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
import java.util.List;
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

    private void unsupported(int line, int col, String path, String message) {
        unsupported = true;
        errors.add(new InputError(file, line, col, path, message));
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
            return r.unsupported ? null : root; // the rest would only repeat the consequences
        } catch (StreamConstraintsException e) {
            errors.add(new InputError(file, 0, 0, null, "too deeply nested: " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl > 0) msg = msg.substring(0, nl);
            errors.add(new InputError(file, l == null ? 0 : Math.max(0, l.getLineNr()), l == null ? 0 : Math.max(0, l.getColumnNr()),
                    null, "not valid YAML: " + msg));
        } catch (TooLarge e) {
            errors.add(new InputError(file, 0, 0, null, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some malformed input (bad anchors, limits) as its own runtime exceptions.
            errors.add(new InputError(file, 0, 0, null, "not valid YAML: " + firstLine(String.valueOf(e.getMessage()))));
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String m) {
            super(m, null, false, false);
        }
    }

    private YamlNode value(JsonToken t, String path, int depth) throws IOException {
        if (++nodes > MAX_NODES) throw new TooLarge("more than " + MAX_NODES + " values in one file");
        if (depth > MAX_DEPTH) throw new TooLarge("nested more than " + MAX_DEPTH + " levels deep");
        JsonLocation loc = parser.currentTokenLocation();
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
                        unsupported(kl.getLineNr(), kl.getColumnNr(), childPath, "YAML merge keys ('<<') are not supported; write the keys out"
                                + " (a program used by several processes can be named once under workload.programs)");
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
                    unsupported(line, col, path, "YAML aliases ('*" + parser.getText() + "') are not supported; write the value out"
                            + " (a program used by several processes can be named once under workload.programs and referred to by name)");
                }
                return new YamlNode.Scalar(parser.getText(), line, col);
            default:
                throw new TooLarge("unexpected YAML token " + t);
        }
    }
}
