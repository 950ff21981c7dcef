package dev.procsim.workload.rtapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** rt-app JSON from a workload, each mapping rule on a small case written out by hand (rt-app's doc/tutorial.txt for the format). */
class RtAppExportTest {
    static final String X = """
            name: x
            horizon: 2500ms
            cpus: 4
            kernel: {run_queue: per-cpu}
            workload:
              programs:
                a: [{compute: 1ms}, {sleep: 2.5ms}, {repeat: {times: 3, do: [{compute: 100us}, {sleep: 900us}]}}, {exit: 0}]
                parent: [{pipe: p}, {fork: child}, {compute: 1ms}, {write: {pipe: p, bytes: 1B}}, {wait: any}]
                child: [{read: {pipe: p, bytes: 1B}}, {compute: {exp: 2ms}}]
              processes:
                - {name: a, at: 2ms, nice: 5, cpus: [1, 3], program: a}
                - {name: parent, program: parent}
            """;

    static RtAppExport export;

    static JsonNode json() throws Exception {
        Experiment x = ExperimentParser.parse("x.yaml", X, Path.of("."));
        Experiment.Setup s = x.resolve(x.points().get(0), 0);
        export = new RtAppExport(s.workload(), s.horizon());
        return new ObjectMapper().readTree(export.write("x", "x.yaml"));
    }

    @Test
    void aProcessIsATaskWithItsDelayNiceAndCpusAndARepeatIsALoopedPhase() throws Exception {
        JsonNode a = json().get("tasks").get("a");
        assertThat(a.get("instance").asInt()).isEqualTo(1);
        assertThat(a.get("delay").asLong()).isEqualTo(2000); // 2 ms in us
        assertThat(a.get("priority").asInt()).isEqualTo(5);
        assertThat(a.get("policy").asText()).isEqualTo("SCHED_OTHER");
        assertThat(a.get("loop").asInt()).isEqualTo(1); // runs once, not rt-app's default of for ever
        assertThat(a.get("cpus").toString()).isEqualTo("[1,3]");
        assertThat(a.get("phases").toString()).isEqualTo("{\"p0\":{\"loop\":1,\"run0\":1000,\"sleep1\":2500},"
                + "\"p1\":{\"loop\":3,\"run2\":100,\"sleep3\":900}}");
    }

    @Test
    void aPipeWithOneReaderIsSuspendAndResumeAndAForkedProgramATaskOfNoInstance() throws Exception {
        JsonNode t = json().get("tasks");
        assertThat(t.get("parent").get("phases").toString()).isEqualTo("{\"p0\":{\"loop\":1,\"fork0\":\"child\",\"run1\":1000,"
                + "\"resume2\":\"child\"}}");
        assertThat(t.get("child").get("instance").asInt()).isZero(); // started by the fork event only
        assertThat(t.get("child").get("phases").toString()).isEqualTo("{\"p0\":{\"loop\":1,\"suspend0\":\"child\",\"run1\":2000}}");
        // wait has no rt-app event; the exponential burst is written as its mean
        assertThat(export.dropped()).containsEntry("wait", 1);
        assertThat(export.approximated()).containsEntry("random duration (its mean)", 1);
    }

    @Test
    void theGlobalDurationIsTheHorizonInWholeSecondsRoundedUpAndTheFileIsSigned() throws Exception {
        JsonNode j = json();
        assertThat(j.get("global").get("duration").asLong()).isEqualTo(3); // 2.5 s
        assertThat(j.get("global").get("default_policy").asText()).isEqualTo("SCHED_OTHER");
        assertThat(j.fieldNames().next()).isEqualTo("procsim");
        assertThat(RtAppExport.us(1)).isEqualTo(1); // a positive time is never 0 us
        assertThat(RtAppExport.us(1499)).isEqualTo(1);
        assertThat(RtAppExport.us(1500)).isEqualTo(2);
    }
}
