package dev.procsim.workload;

import dev.procsim.kernel.CpuSet;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's shape in an experiment file: {@code kernel.topology} (a map or a preset's name),
 * {@code kernel.run_queue}, {@code kernel.migration_cost}, and CPU lists ({@code cpus:} of a
 * process, the {@code affinity} action): a list of CPU numbers or Linux's cpu-list text
 * ({@code 0-3,8}).
 */
final class MachineReader {
    static final List<String> TOPOLOGY_KEYS = List.of("nodes", "llc_per_node", "cores_per_llc", "smt");
    static final List<String> COST_KEYS = List.of("smt", "llc", "node", "cross_node");

    private MachineReader() {}

    /** {@code kernel.topology}, or null after an error. */
    static Topology topology(Fields f, YamlNode n, String path) {
        if (n instanceof YamlNode.Scalar) {
            String name = f.text(n, path);
            if (name == null) return null;
            Topology t = Topology.PRESETS.get(name);
            if (t == null) {
                f.error(n, path, "unknown topology '" + name + "'" + Suggest.hint(name, Topology.PRESETS.keySet()) + "; presets: "
                        + String.join(", ", Topology.PRESETS.keySet()) + ", or a map {nodes: 2, llc_per_node: 1, cores_per_llc: 8, smt: 2}");
            }
            return t;
        }
        YamlNode.MapNode m = f.map(n, path);
        if (m == null) return null;
        int before = f.errorCount();
        f.onlyKeys(m, path, TOPOLOGY_KEYS);
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            String k = TOPOLOGY_KEYS.get(i);
            v[i] = m.get(k) == null ? 1 : (int) f.integer(m.get(k), path + "." + k, 1, 4096, 1);
        }
        if (f.errorCount() > before) return null;
        if ((long) v[0] * v[1] * v[2] * v[3] > 4096) {
            f.error(m, path, "a topology of at most 4096 CPUs, found " + (long) v[0] * v[1] * v[2] * v[3] + " (nodes x llc_per_node x cores_per_llc x smt)");
            return null;
        }
        return new Topology(v[0], v[1], v[2], v[3]);
    }

    /** {@code kernel.run_queue}: global or per-cpu; null after an error. */
    static KernelConfig.RunQueue runQueue(Fields f, YamlNode n, String path) {
        String t = f.text(n, path);
        if (t == null) return null;
        for (KernelConfig.RunQueue q : KernelConfig.RunQueue.values()) if (q.label().equals(t)) return q;
        f.error(n, path, "expected 'global' (one run queue for all CPUs) or 'per-cpu' (one per CPU, with balancing), found '" + t + "'");
        return null;
    }

    /** {@code kernel.migration_cost}: a cache refill per level, into {@code into}. */
    static void migrationCost(Fields f, YamlNode n, String path, long[] into) {
        YamlNode.MapNode m = f.map(n, path);
        if (m == null) return;
        f.onlyKeys(m, path, COST_KEYS);
        for (int i = 0; i < COST_KEYS.size(); i++) {
            String k = COST_KEYS.get(i);
            if (m.get(k) != null) into[Topology.SMT + i] = f.duration(m.get(k), path + "." + k, false, 0);
        }
    }

    /** A CPU list: [0, 2, 3], a number, or "0-3,8"; null after an error. */
    static CpuSet cpus(Fields f, YamlNode n, String path) {
        if (n instanceof YamlNode.ListNode l) {
            if (l.items().isEmpty()) {
                f.error(n, path, "expected at least one CPU number");
                return null;
            }
            List<Integer> cs = new ArrayList<>();
            int before = f.errorCount();
            for (int i = 0; i < l.items().size(); i++) cs.add((int) f.integer(l.items().get(i), path + "[" + i + "]", 0, 4095, 0));
            if (f.errorCount() > before) return null;
            return CpuSet.of(cs.stream().mapToInt(Integer::intValue).toArray());
        }
        String t = f.text(n, path);
        if (t == null) return null;
        try {
            return CpuSet.parse(t);
        } catch (IllegalArgumentException e) {
            f.error(n, path, e.getMessage() + " (a list [0, 1] or Linux's cpu-list text '0-3,8')");
            return null;
        }
    }

    /** Where a CPU list was written, to check it against the machine once its size is known. */
    record CpuUse(CpuSet set, YamlNode at, String path) {}
}
