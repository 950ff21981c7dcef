package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pipeline}: a shell runs {@code cmd0 | cmd1 | ... | cmdN-1}, as a shell does: it makes
 * the N-1 pipes, forks each stage, and each child closes the pipe ends it does not use and execs
 * its command; the shell closes its own ends (so that end of file can reach the readers) and
 * waits for every stage. The first command writes {@code bytes} in chunks of {@code chunk},
 * working {@code per_chunk[0]} on each; each middle command reads a chunk, works, and writes on
 * what it read; the last reads to end of file. A slow reader makes the writers before it block on
 * a full pipe (the classic {@code sort | head}).
 */
final class PipelineGenerator implements Generator {
    public String name() {
        return "pipeline";
    }

    public String description() {
        return "a shell runs cmd0 | cmd1 | ...: pipes, fork + exec of each stage, each with its own CPU time per chunk";
    }

    public List<Param> params() {
        return List.of(new Param("per_chunk", "[100us, 1ms]", "CPU time of each stage per chunk, one per stage (2 or more stages)"),
                new Param("bytes", "1MiB", "bytes the first stage writes"),
                new Param("chunk", "4KiB", "bytes per write and per read"),
                new Param("count", "1", "number of pipelines (shells), all started at 0"),
                new Param("name", "sh", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        List<Dur> work = a.durs("per_chunk");
        long bytes = a.size("bytes");
        long chunk = a.size("chunk");
        int count = (int) a.integer("count", 1, 100_000);
        String prefix = a.text("name");
        int n = work.size();
        if (n < 2) {
            a.error("per_chunk", "a pipeline needs at least 2 stages, found " + n);
            return;
        }
        if (n > 64) {
            a.error("per_chunk", "at most 64 stages, found " + n);
            return;
        }
        if (chunk < 1) {
            a.error("chunk", "a chunk is at least 1B");
            return;
        }
        String[] pipes = new String[n - 1];
        for (int i = 0; i < n - 1; i++) pipes[i] = a.label() + ".p" + i;
        List<Action> shell = new ArrayList<>();
        for (String p : pipes) shell.add(new Action.PipeCreate(p));
        for (int i = 0; i < n; i++) {
            List<Action> cmd = new ArrayList<>();
            if (i == 0) {
                long chunks = bytes / chunk;
                if (chunks > 0) cmd.add(new Action.Repeat(clamp(chunks), List.of(new Action.Compute(work.get(0)), new Action.PipeWrite(pipes[0], chunk))));
                if (bytes % chunk > 0) cmd.addAll(List.of(new Action.Compute(work.get(0)), new Action.PipeWrite(pipes[0], bytes % chunk)));
            } else {
                List<Action> body = new ArrayList<>();
                body.add(new Action.PipeRead(pipes[i - 1], chunk, true));
                body.add(new Action.Compute(work.get(i)));
                if (i < n - 1) body.add(new Action.PipeWrite(pipes[i], Action.PipeWrite.LAST_READ));
                cmd.add(new Action.Repeat(Action.Repeat.FOREVER, body));
            }
            String command = a.addProgram("cmd" + i, cmd);
            // The child: keep only its own ends (read of the pipe before it, write of the one after), then exec.
            List<Action> child = new ArrayList<>();
            for (int j = 0; j < n - 1; j++) {
                int keep = (j == i - 1 ? Action.PipeClose.READ : 0) | (j == i ? Action.PipeClose.WRITE : 0);
                child.add(new Action.PipeClose(pipes[j], Action.PipeClose.BOTH & ~keep));
            }
            child.add(new Action.Exec(command, 0));
            shell.add(new Action.Fork(a.addProgram("stage" + i, child)));
        }
        for (String p : pipes) shell.add(new Action.PipeClose(p, Action.PipeClose.BOTH));
        shell.add(new Action.Repeat(n, List.of(new Action.Wait(Action.Wait.ANY, false))));
        String sh = a.addProgram("shell", shell);
        if (prefix == null) return;
        for (int i = 0; i < count; i++) a.addProcess(ProcessSpec.of(count == 1 ? prefix : prefix + "-" + i, 0, sh));
    }

    private static int clamp(long v) {
        return (int) Math.min(v, ProgramReader.MAX_REPEAT);
    }
}
