package dev.procsim.workload;

import dev.procsim.kernel.Cgroup;
import dev.procsim.kernel.CpuSet;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.PidAllocator;
import dev.procsim.kernel.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's machine and kernel: {@code cpus} and the {@code kernel} section (limits, costs,
 * the topology and run queues, the cpuset), and the checks that need both the machine and the
 * workload (CPU lists that name CPUs it has, confinement that needs per-CPU queues). The parts of
 * the shape itself are read by {@link MachineReader}.
 */
final class KernelSection {
    static final List<String> KEYS = List.of("pid_max", "threads_max", "rlimit_nproc", "pids_max", "init_reap_delay",
            "context_switch", "max_task_records", "max_schedule_segments", "pipe_capacity", "topology", "run_queue", "migration_cost", "slice_tick", "cpuset");

    private KernelSection() {}

    /** {@code cpus} and {@code kernel}, checked against each other and against the compared schedulers. */
    static KernelConfig read(Fields f, YamlNode.MapNode root, List<String> cannotConfine) {
        KernelConfig k = settings(f, root.get("kernel"));
        int cpus = cpus(f, root);
        k.cpus = cpus;
        if (k.workloadCpuset != null && root.get("kernel") instanceof YamlNode.MapNode km) {
            YamlNode at = km.get("cpuset");
            if (k.workloadCpuset.last() >= cpus) {
                f.error(at, "kernel.cpuset", noSuchCpu(k.workloadCpuset.last(), cpus));
            } else if (cpus > 1 && k.runQueue != KernelConfig.RunQueue.PER_CPU && !cannotConfine.isEmpty()) {
                f.error(at, "kernel.cpuset", "a cpuset " + sharedQueueRefused(cannotConfine));
            }
        }
        return k;
    }

    /** "CPU n does not exist: this machine has ..." */
    static String noSuchCpu(int cpu, int cpus) {
        return "CPU " + cpu + " does not exist: this machine has " + cpus + " CPU" + (cpus == 1 ? " (0)" : "s (0-" + (cpus - 1) + ")");
    }

    /**
     * The end of the message refusing confinement with one queue for several CPUs to the compared
     * schedulers {@code names} that cannot pick among the tasks a CPU may run from it.
     */
    static String sharedQueueRefused(List<String> names) {
        return "needs one run queue per CPU with " + String.join(", ", names) + " (it cannot pick among the tasks a CPU may run from a"
                + " queue shared by several CPUs): set kernel.run_queue: per-cpu (or give a kernel.topology, whose default it is)";
    }

    /**
     * The workload's CPU lists: they need, on a machine of several CPUs with one shared queue, compared
     * schedulers that can keep tasks to their CPUs; and some CPU of the cpuset.
     */
    static void checkCpuLists(Fields f, KernelConfig k, List<MachineReader.CpuUse> uses, List<String> cannotConfine) {
        if (!uses.isEmpty() && k.cpus > 1 && k.runQueue != KernelConfig.RunQueue.PER_CPU && !cannotConfine.isEmpty()) {
            MachineReader.CpuUse use = uses.get(0);
            f.error(use.at(), use.path(), "CPU affinity " + sharedQueueRefused(cannotConfine));
        }
        CpuSet cpuset = k.workloadCpuset;
        if (cpuset == null) return;
        for (MachineReader.CpuUse u : uses) {
            boolean any = false;
            for (int c = 0; c <= u.set().last() && !any; c++) any = u.set().contains(c) && cpuset.contains(c);
            if (!any) f.error(u.at(), u.path(), "none of CPUs " + u.set() + " is in kernel.cpuset " + cpuset + ": the task could run nowhere");
        }
    }

    /**
     * The number of CPUs: {@code cpus}, or the topology's when only {@code kernel.topology} is
     * given; both given, they must agree.
     */
    static int cpus(Fields f, YamlNode.MapNode root) {
        Topology t = null;
        if (root.get("kernel") instanceof YamlNode.MapNode km && km.get("topology") != null) {
            t = MachineReader.topology(new Fields(f.file(), new ArrayList<>(), f.params()), km.get("topology"), "kernel.topology");
        }
        if (root.get("cpus") == null) return t == null ? 1 : t.cpus();
        int n = (int) f.integer(root.get("cpus"), "cpus", 1, 4096, 1);
        if (t != null && t.cpus() != n) {
            f.error(root.get("cpus"), "cpus", "cpus is " + n + " but kernel.topology " + t + " has " + t.cpus() + " CPUs; give one of them");
        }
        return n;
    }

    private static KernelConfig settings(Fields f, YamlNode n) {
        KernelConfig k = new KernelConfig();
        if (n == null) return k;
        YamlNode.MapNode m = f.map(n, "kernel");
        if (m == null) return k;
        f.onlyKeys(m, "kernel", KEYS);
        if (m.get("pid_max") != null) {
            k.pidMax = (int) f.integer(m.get("pid_max"), "kernel.pid_max", PidAllocator.MIN_PID_MAX, PidAllocator.MAX_PID_MAX, k.pidMax);
        }
        if (m.get("threads_max") != null) k.threadsMax = f.integer(m.get("threads_max"), "kernel.threads_max", 1, Long.MAX_VALUE, k.threadsMax);
        if (m.get("rlimit_nproc") != null) k.rlimitNproc = unlimited(f, m.get("rlimit_nproc"), "kernel.rlimit_nproc", 1, Long.MAX_VALUE);
        if (m.get("pids_max") != null) k.pidsMax = unlimited(f, m.get("pids_max"), "kernel.pids_max", 0, Cgroup.UNLIMITED);
        if (m.get("init_reap_delay") != null) k.initReapDelay = f.duration(m.get("init_reap_delay"), "kernel.init_reap_delay", false, 0);
        if (m.get("context_switch") != null) k.contextSwitch = f.duration(m.get("context_switch"), "kernel.context_switch", false, 0);
        if (m.get("max_task_records") != null) {
            k.maxTaskRecords = (int) f.integer(m.get("max_task_records"), "kernel.max_task_records", 0, 10_000_000, k.maxTaskRecords);
        }
        if (m.get("max_schedule_segments") != null) {
            k.maxScheduleSegments = (int) f.integer(m.get("max_schedule_segments"), "kernel.max_schedule_segments", 0, 10_000_000,
                    k.maxScheduleSegments);
        }
        if (m.get("topology") != null) {
            k.topology = MachineReader.topology(f, m.get("topology"), "kernel.topology");
            k.runQueue = KernelConfig.RunQueue.PER_CPU; // a machine's shape is given to model it as Linux runs it
        }
        if (m.get("run_queue") != null) {
            KernelConfig.RunQueue q = MachineReader.runQueue(f, m.get("run_queue"), "kernel.run_queue");
            if (q != null) k.runQueue = q;
        }
        if (m.get("cpuset") != null) k.workloadCpuset = MachineReader.cpus(f, m.get("cpuset"), "kernel.cpuset");
        if (m.get("slice_tick") != null) k.sliceTick = f.duration(m.get("slice_tick"), "kernel.slice_tick", false, 0);
        if (m.get("migration_cost") != null) MachineReader.migrationCost(f, m.get("migration_cost"), "kernel.migration_cost", k.migrationCost);
        if (m.get("pipe_capacity") != null) {
            long c = f.size(m.get("pipe_capacity"), "kernel.pipe_capacity", 1 << 20, k.pipeCapacity);
            if (c < 4096 || Long.bitCount(c) != 1) {
                f.error(m.get("pipe_capacity"), "kernel.pipe_capacity", "expected a power of two from 4KiB to 1MiB (Linux rounds a pipe's"
                        + " size up to a power of two of whole pages), found " + dev.procsim.memory.Sizes.format(c));
            } else {
                k.pipeCapacity = (int) c;
            }
        }
        return k;
    }

    /** A count, or {@code max} / {@code unlimited} for no limit. */
    private static long unlimited(Fields f, YamlNode n, String path, long min, long unlimitedValue) {
        if (n instanceof YamlNode.Scalar s && ("max".equals(s.text()) || "unlimited".equals(s.text()))) return unlimitedValue;
        return f.integer(n, path, min, Long.MAX_VALUE, unlimitedValue);
    }
}
