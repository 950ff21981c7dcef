package dev.procsim.workload;

import java.nio.file.Path;

/**
 * An experiment's name, which names its output directory: 1 to 100 letters, digits, '.', '_' or
 * '-', starting with a letter or digit (so never '.', '..', hidden or taken for an option).
 */
final class ExperimentName {
    static final int MAX_LENGTH = 100;
    private static final String ACCEPTED = "; expected 1 to " + MAX_LENGTH + " letters, digits, '.', '_' or '-', starting with"
            + " a letter or digit, like 'cow-vs-eager'";

    private ExperimentName() {}

    /** What is wrong with {@code name} as an experiment's name, or null when nothing is. */
    static String problem(String name) {
        if (name.isEmpty()) return "the name is empty (it names the output directory)" + ACCEPTED;
        if (name.chars().allMatch(c -> c == '.')) {
            String what = name.equals(".") ? "'.' (the current folder)" : name.equals("..") ? "'..' (the parent folder)"
                    : "made only of dots ('" + name + "')";
            return "the name cannot be " + what + ": it names the output directory" + ACCEPTED;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
            boolean punctuation = c == '.' || c == '_' || c == '-';
            if (letterOrDigit || punctuation && i > 0) continue;
            String what = punctuation ? "starts with '" + c + "'"
                    : "has " + character(name.codePointAt(i)) + " at character " + (i + 1);
            return "the name '" + name + "' " + what + " (it names the output directory)" + ACCEPTED;
        }
        if (name.length() > MAX_LENGTH) {
            return "the name is " + name.length() + " characters long (it names the output directory)" + ACCEPTED;
        }
        return null;
    }

    private static String character(int c) {
        if (c == ' ') return "a space";
        if (c == '\t') return "a tab";
        if (Character.isISOControl(c) || Character.isWhitespace(c)) return String.format("the invisible character U+%04X", c);
        return "'" + new String(Character.toChars(c)) + "'";
    }

    /** The name of an experiment that gives none: its file's name without the extension, made acceptable. */
    static String fromFile(String file) {
        if (file.equals("(standard input)")) return "stdin";
        String n = Path.of(file).getFileName() == null ? "experiment" : Path.of(file).getFileName().toString();
        int dot = n.lastIndexOf('.');
        n = dot > 0 ? n.substring(0, dot) : n;
        n = n.replaceAll("[^A-Za-z0-9._-]", "-");
        return n.isEmpty() || !Character.isLetterOrDigit(n.charAt(0)) ? "experiment" : n;
    }
}
