package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.FcfsScheduler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for kernel tests: programs as readable lists of actions. */
final class Programs {
    private Programs() {}

    static Action compute(long ms) { return new Action.Compute(Dur.of(ms * SimTime.MS)); }
    static Action computeNs(long ns) { return new Action.Compute(Dur.of(ns)); }
    static Action io(long ms) { return new Action.Io(Dur.of(ms * SimTime.MS)); }
    static Action sleepNs(long ns) { return new Action.Sleep(Dur.of(ns)); }
    static Action sleep(long ms) { return sleepNs(ms * SimTime.MS); }
    static Action syscall(long ms) { return new Action.Syscall(Dur.of(ms * SimTime.MS)); }
    static Action fork(String run) { return new Action.Fork(run); }
    static Action vfork(String run) { return new Action.Fork(run, "vfork", Action.OnFail.CONTINUE, null); }
    static Action spawn(String run) { return new Action.Spawn(run); }
    static Action exec(String run) { return new Action.Exec(run, 0); }
    static Action waitAny() { return new Action.Wait(Action.Wait.ANY, false); }
    static Action waitNohang() { return new Action.Wait(Action.Wait.ANY, true); }
    static Action waitChild(int index) { return new Action.Wait(index, false); }
    static Action exit(int code) { return new Action.Exit(code); }
    static Action yield() { return new Action.Yield(); }
    static Action killChild(int index, int signal) { return new Action.Kill(new Action.Target.Child(index), signal); }
    static Action thread(String run) { return new Action.Clone(run, Action.Clone.THREAD_FLAGS); }
    static Action join(int index) { return new Action.Join(index); }
    static Action joinAny() { return new Action.Join(Action.Join.ANY); }
    static Action exitGroup(int code) { return new Action.ExitGroup(code); }
    static Action kill(int pid, int signal) { return new Action.Kill(new Action.Target.Pid(pid), signal); }
    static Action pipe(String name) { return new Action.PipeCreate(name); }
    static Action pwrite(String name, long bytes) { return new Action.PipeWrite(name, bytes); }
    static Action pread(String name, long bytes) { return new Action.PipeRead(name, bytes, false); }
    static Action preadOrExit(String name, long bytes) { return new Action.PipeRead(name, bytes, true); }
    static Action pclose(String name, int ends) { return new Action.PipeClose(name, ends); }
    static Action handle(int sig, String handler) { return new Action.Sigaction(sig, Action.Sigaction.HANDLER, handler); }
    static Action ignore(int sig) { return new Action.Sigaction(sig, Action.Sigaction.IGNORE, null); }
    static Action block(int... sigs) { return new Action.SigMask(true, mask(sigs)); }
    static Action unblock(int... sigs) { return new Action.SigMask(false, mask(sigs)); }
    static long mask(int... sigs) {
        long m = 0;
        for (int s : sigs) m |= 1L << s;
        return m;
    }
    static Action repeat(int times, Action... body) { return new Action.Repeat(times, Arrays.asList(body)); }

    /** Name/program pairs: "name", List.of(actions), "name2", ... */
    static ProgramSet set(Object... pairs) {
        Map<String, List<Action>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Action> actions = (List<Action>) pairs[i + 1];
            m.put((String) pairs[i], actions);
        }
        return ProgramSet.of(m);
    }

    static Kernel fcfs(KernelConfig cfg, ProgramSet programs) {
        return new Kernel(cfg, new FcfsScheduler(), new FixedCostMemory(), programs, new RandomStreams(1));
    }
}
