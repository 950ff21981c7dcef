package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.Signals;
import java.util.List;

/**
 * Reads the actions of pipes ({@code pipe}, {@code write}/{@code read} with a {@code pipe} key,
 * {@code close}), signals ({@code signal}, {@code block}, {@code unblock}, a {@code kill}'s
 * signal) and process groups ({@code setpgid}) for {@link ProgramReader}.
 */
final class IpcActionReader {
    private final ProgramReader r;
    private final Fields f;

    IpcActionReader(ProgramReader r, Fields f) {
        this.r = r;
        this.f = f;
    }

    static boolean isPipe(YamlNode arg) {
        return arg instanceof YamlNode.MapNode m && m.get("pipe") != null;
    }

    String pipeName(YamlNode n, String path, boolean creates) {
        String name = f.text(n, path);
        if (name == null) throw new ProgramReader.Missing();
        if (creates) r.pipesCreated.add(name);
        else r.pipeUses.add(new ProgramReader.Reference(name, n, path));
        return name;
    }

    /** {@code write: {pipe: NAME, bytes: SIZE | last_read}}. */
    Action pipeWrite(YamlNode arg, String path) {
        YamlNode.MapNode m = r.args(arg, path, List.of("pipe", "bytes"));
        String name = pipeName(m.get("pipe"), path + ".pipe", false);
        YamlNode b = m.get("bytes");
        if (b == null) {
            f.error(m, path, "expected 'bytes' (a size like 4KiB, or last_read)");
            throw new ProgramReader.Missing();
        }
        if (b instanceof YamlNode.Scalar s && "last_read".equals(s.text())) return new Action.PipeWrite(name, Action.PipeWrite.LAST_READ);
        return new Action.PipeWrite(name, f.size(b, path + ".bytes", ProgramReader.MAX_MEMORY, 0));
    }

    /** {@code read: {pipe: NAME, bytes: SIZE, on_eof: continue | exit}}. */
    Action pipeRead(YamlNode arg, String path) {
        YamlNode.MapNode m = r.args(arg, path, List.of("pipe", "bytes", "on_eof"));
        String name = pipeName(m.get("pipe"), path + ".pipe", false);
        YamlNode b = m.get("bytes");
        if (b == null) {
            f.error(m, path, "expected 'bytes' (the most to read, a size like 4KiB)");
            throw new ProgramReader.Missing();
        }
        long bytes = f.size(b, path + ".bytes", ProgramReader.MAX_MEMORY, 1);
        if (bytes < 1) {
            f.error(b, path + ".bytes", "a read asks for at least 1B");
            bytes = 1;
        }
        boolean exit = m.get("on_eof") != null && "exit".equals(f.choice(m.get("on_eof"), path + ".on_eof", List.of("continue", "exit"), "continue"));
        return new Action.PipeRead(name, bytes, exit);
    }

    /** {@code close: NAME} (both ends) or {@code close: {pipe: NAME, end: read | write | both}}. */
    Action pipeClose(YamlNode arg, String path) {
        if (arg instanceof YamlNode.Scalar) return new Action.PipeClose(pipeName(arg, path, false), Action.PipeClose.BOTH);
        YamlNode.MapNode m = r.args(arg, path, List.of("pipe", "end"));
        if (m.get("pipe") == null) {
            f.error(m, path, "expected 'pipe' (the name of a pipe)");
            throw new ProgramReader.Missing();
        }
        String name = pipeName(m.get("pipe"), path + ".pipe", false);
        int ends = Action.PipeClose.BOTH;
        if (m.get("end") != null) {
            String e = f.choice(m.get("end"), path + ".end", List.of("read", "write", "both"), "both");
            ends = e.equals("read") ? Action.PipeClose.READ : e.equals("write") ? Action.PipeClose.WRITE : Action.PipeClose.BOTH;
        }
        return new Action.PipeClose(name, ends);
    }

    /** A standard signal by number (1..31) or name (SIGUSR1, USR1, usr1). */
    int signal(YamlNode n, String path) {
        String t = f.text(n, path);
        if (t == null) throw new ProgramReader.Missing();
        int sig = Signals.parse(t);
        if (sig < 0) {
            boolean number = t.strip().matches("-?\\d+");
            f.error(n, path, (number ? "signal number " + t.strip() + " is out of range: standard signals are 1..31 (real-time signals are not modelled)"
                    : "unknown signal '" + t + "'" + Suggest.hint(t.toUpperCase(java.util.Locale.ROOT), Signals.names()))
                    + "; e.g. SIGTERM, SIGUSR1, SIGCHLD, SIGSTOP, SIGCONT or 15");
            throw new ProgramReader.Missing();
        }
        return sig;
    }

    /** A list of signals (or one), as a mask. */
    long signalSet(YamlNode n, String path) {
        long mask = 0;
        if (n instanceof YamlNode.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                int sig = signal(l.items().get(i), path + "[" + i + "]");
                if (Signals.unblockable(sig)) f.error(l.items().get(i), path + "[" + i + "]", Signals.name(sig) + Signals.CANNOT_BLOCK);
                else mask |= 1L << sig;
            }
        } else {
            int sig = signal(n, path);
            if (Signals.unblockable(sig)) f.error(n, path, Signals.name(sig) + Signals.CANNOT_BLOCK);
            else mask |= 1L << sig;
        }
        return mask;
    }

    /**
     * {@code signal: {sig: S, action: default | ignore}} or {@code signal: {sig: S, handler: P,
     * restart: true | false}} ({@code restart}: SA_RESTART, true unless given).
     */
    Action sigaction(YamlNode arg, String path) {
        YamlNode.MapNode m = r.args(arg, path, List.of("sig", "action", "handler", "restart"));
        if (m.get("sig") == null) {
            f.error(m, path, "expected 'sig' (the signal, like SIGUSR1)");
            throw new ProgramReader.Missing();
        }
        int sig = signal(m.get("sig"), path + ".sig");
        if (Signals.unblockable(sig)) {
            f.error(m.get("sig"), path + ".sig", Signals.name(sig) + Signals.CANNOT_CATCH);
            throw new ProgramReader.Missing();
        }
        if ((m.get("action") == null) == (m.get("handler") == null)) {
            f.error(m, path, "expected exactly one of 'action' (default or ignore) and 'handler' (a program)");
            throw new ProgramReader.Missing();
        }
        if (m.get("handler") != null) {
            String handler = r.ref(m.get("handler"), m, path + ".handler", "run");
            boolean restart = m.get("restart") == null || f.bool(m.get("restart"), path + ".restart", true);
            return new Action.Sigaction(sig, Action.Sigaction.HANDLER, handler, restart);
        }
        if (m.get("restart") != null) {
            f.error(m.get("restart"), path + ".restart", "'restart' (SA_RESTART) is for a handler: it says whether a wait or pipe call the handler interrupts is restarted");
        }
        String a = f.choice(m.get("action"), path + ".action", List.of("default", "ignore"), "default");
        return new Action.Sigaction(sig, a.equals("ignore") ? Action.Sigaction.IGNORE : Action.Sigaction.DEFAULT, null);
    }

    /** {@code setpgid: self} or {@code setpgid: {child: N, group: own | mine}}. */
    Action setpgid(YamlNode arg, String path) {
        if (arg instanceof YamlNode.Scalar) {
            f.choice(arg, path, List.of("self"), "self");
            return new Action.SetPgid(Action.SetPgid.SELF, false);
        }
        YamlNode.MapNode m = r.args(arg, path, List.of("child", "group"));
        if (m.get("child") == null) {
            f.error(m, path, "expected 'child' (the fork number of the child to move)");
            throw new ProgramReader.Missing();
        }
        int child = (int) f.integer(m.get("child"), path + ".child", 0, Integer.MAX_VALUE, 0);
        boolean mine = m.get("group") != null && "mine".equals(f.choice(m.get("group"), path + ".group", List.of("own", "mine"), "own"));
        return new Action.SetPgid(child, mine);
    }
}
