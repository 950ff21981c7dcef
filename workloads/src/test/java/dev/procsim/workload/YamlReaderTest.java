package dev.procsim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link YamlReader} says about text it cannot read: where, what is wrong and what is accepted. */
class YamlReaderTest {
    static final String WORKLOAD = "workload:\n  processes:\n    - {name: x, program: [{compute: 1ms}]}\n";

    static List<InputError> errors(String yaml) {
        List<InputError> errors = new ArrayList<>();
        YamlNode root = YamlReader.read("x.yaml", yaml, errors);
        assertThat(root).as("read despite the errors").isNull();
        return errors;
    }

    static InputException fails(String yaml) {
        try {
            ExperimentParser.parse("x.yaml", yaml, Path.of("."));
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError("expected an InputException");
    }

    @Test
    void aTabUsedForIndentationIsNamedWhereItIs() {
        // the scanner's own words were cut to "while scanning for the next token", at the line before
        assertThat(fails("name: t\nworkload:\n  processes:\n\t- {name: x, program: [{compute: 1ms}]}\n").getMessage())
                .isEqualTo("x.yaml:4:1: a tab is used for indentation; YAML allows only spaces: replace the tab with spaces");
        assertThat(errors("name: t\nworkload:\n  processes:\n    - name: x\n    \tprogram: [{compute: 1ms}]\n")).singleElement()
                .hasToString("x.yaml:5:5: a tab is used for indentation; YAML allows only spaces: replace the tab with spaces");
        assertThat(errors("name: t\r\n\r\n\tworkload: {}\r\n")).singleElement()
                .hasToString("x.yaml:3:1: a tab is used for indentation; YAML allows only spaces: replace the tab with spaces");
    }

    @Test
    void aTabBetweenValuesIsNamedToo() {
        assertThat(errors("name:\tt\n" + WORKLOAD)).singleElement().hasToString("x.yaml:1:6: a tab separates values here; YAML allows"
                + " only spaces outside quotes and comments: replace the tab with a space");
        // where YAML does allow a tab, nothing is said
        List<InputError> none = new ArrayList<>();
        assertThat(YamlReader.read("x.yaml", "name: t # a\tcomment\ndescription: \"a\tb\"\n" + WORKLOAD, none)).isNotNull();
        assertThat(none).isEmpty();
    }

    @Test
    void otherSyntaxErrorsGiveTheReasonWhereTheScannerStopped() {
        assertThat(errors("name: [a, b\n" + WORKLOAD)).singleElement().hasToString(
                "x.yaml:2:9: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence started at line 1)");
        assertThat(errors("a: b: c\n")).singleElement().hasToString("x.yaml:1:5: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void nestingTooDeepIsReportedWhereTheTooDeepValueStarts() {
        String deep = "workload:\n  x: " + "[".repeat(45) + "]".repeat(45) + "\n";
        // line 2: "  x: " then the brackets; the 40th bracket (column 45) opens the value at depth 41
        assertThat(errors(deep)).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(2);
            assertThat(err.column()).isEqualTo(45);
            assertThat(err.field()).isEqualTo("workload.x" + "[0]".repeat(39));
            assertThat(err.message()).isEqualTo("this value is nested 41 levels deep; at most 40 levels are accepted");
        });
        assertThat(errors("a: " + "{b: ".repeat(41) + "1" + "}".repeat(41) + "\n")).singleElement()
                .satisfies(err -> assertThat(err.line()).isEqualTo(1));
    }

    @Test
    void tooManyValuesAreReportedAtTheFirstBeyondTheLimit() {
        // the mapping, the list, then items 0, 1, ...: item 199998 is value 200001, at column 5 + 3 * 199998
        assertThat(errors("a: [" + "1, ".repeat(200_001) + "]\n")).singleElement().hasToString("x.yaml:1:599999: a[199998]:"
                + " the file holds more than 200000 values, the most accepted; this is the first beyond");
    }

    @Test
    void anAliasBombIsOneErrorThatCountsTheAliases() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = "*" + (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        // 9 lines of 9 aliases: 81 uses, the first on line 2 at column 8
        InputException e = fails(y.toString());
        assertThat(e.getMessage()).isEqualTo("x.yaml:2:8: b[0]: YAML aliases ('*a', and 80 more in this file) are not supported;"
                + " write the value out (a program used by several processes can be named once under workload.programs and referred to by name)");
        // merge keys alike
        assertThat(errors("x: {<<: {a: 1}}\ny: {<<: {b: 2}}\n")).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(1);
            assertThat(err.message()).startsWith("YAML merge keys ('<<', and 1 more in this file) are not supported; write the keys out");
        });
    }

    @Test
    void aValueOfAnUnreadTypeIsNamedWithoutInternalNames() {
        assertThat(errors("name: !!binary aGVsbG8=\n" + WORKLOAD)).singleElement().hasToString(
                "x.yaml:1:7: name: a value of a YAML type procsim does not read (such as !!binary); write it as plain text");
    }
}
