package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.List;

/**
 * {@code shell}: the lecture's shell. A loop: think, fork a child, the child execs a short command
 * (a fresh image that writes part of its memory and computes), the shell waits for it.
 */
final class ShellGenerator implements Generator {
    public String name() {
        return "shell";
    }

    public String description() {
        return "a shell loop: think, fork, the child execs a short command, wait";
    }

    public List<Param> params() {
        return List.of(new Param("shells", "1", "number of shells"),
                new Param("commands", "20", "commands each shell runs"),
                new Param("think", "{exp: 100ms}", "time between commands (a duration or distribution)"),
                new Param("command", "{exp: 2ms}", "CPU time of a command"),
                new Param("memory", "8MiB", "the shell's private memory (written once at start)"),
                new Param("command_memory", "2MiB", "a command's private memory after exec"),
                new Param("command_write", "0.5", "fraction of its memory a command writes"),
                new Param("strategy", "default", "fork strategy of the shell's forks (default: the experiment's)"),
                new Param("name", "shell", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        int shells = (int) a.integer("shells", 1, 100_000);
        int commands = (int) a.integer("commands", 1, 100_000_000);
        long memory = a.size("memory");
        long cmdMemory = a.size("command_memory");
        double write = a.fraction("command_write");
        String strategy = a.choice("strategy", List.of("default", "eager", "cow", "vfork", "spawn"));
        String prefix = a.text("name");
        String cmd = a.addProgram("command", List.of(Action.Touch.write(Action.Amount.fraction(write)),
                new Action.Compute(a.dur("command")), new Action.Exit(0)));
        String child = a.addProgram("child", List.of(new Action.Exec(cmd, cmdMemory)));
        Action create = strategy.equals("spawn") ? new Action.Spawn(cmd)
                : new Action.Fork(child, strategy.equals("default") ? null : strategy, Action.OnFail.CONTINUE, null);
        String shell = a.addProgram("loop", List.of(Action.Touch.write(Action.Amount.fraction(1)),
                new Action.Repeat(commands, List.of(new Action.Sleep(a.dur("think")), create, new Action.Wait(Action.Wait.ANY, false)))));
        if (prefix == null) return;
        for (int i = 0; i < shells; i++) a.addProcess(ProcessSpec.of(prefix + "-" + i, 0, shell).withMemory(memory));
    }
}
