package dev.procsim.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine's CPUs as Linux's scheduling domains see them: NUMA nodes, last-level-cache (LLC)
 * domains in each node, cores in each LLC, and SMT threads (hardware threads) in each core.
 * CPUs are numbered node by node, LLC by LLC, core by core, the threads of a core adjacent:
 * {@code cpu = ((node * llcPerNode + llc) * coresPerLlc + core) * smt + thread} (Linux's own
 * numbering varies by firmware; only the sharing matters here).
 *
 * <p>How near two CPUs are is a {@linkplain #level level}: 0 the same CPU, 1 SMT siblings (one
 * core: L1 and L2 shared), 2 the same LLC, 3 the same node (another LLC), 4 another node. The
 * balancer and wake-up placement search the levels from nearest to farthest, as Linux walks its
 * domains (SMT, MC, PKG, NUMA) up from the CPU.
 */
public record Topology(int nodes, int llcPerNode, int coresPerLlc, int smt) {
    public static final int SAME_CPU = 0, SMT = 1, LLC = 2, NODE = 3, CROSS_NODE = 4;
    /** The level names, for metrics and errors. */
    public static final String[] LEVEL_NAMES = {"cpu", "smt", "llc", "node", "cross_node"};

    public Topology {
        if (nodes < 1 || llcPerNode < 1 || coresPerLlc < 1 || smt < 1) {
            throw new IllegalArgumentException("topology: nodes, llc_per_node, cores_per_llc and smt must be >= 1");
        }
        if ((long) nodes * llcPerNode * coresPerLlc * smt > 4096) {
            throw new IllegalArgumentException("topology: at most 4096 CPUs, was " + (long) nodes * llcPerNode * coresPerLlc * smt);
        }
    }

    /** {@code cpus} CPUs sharing one LLC, no SMT: what {@code cpus: N} alone means with per-CPU run queues. */
    public static Topology flat(int cpus) {
        return new Topology(1, 1, cpus, 1);
    }

    /**
     * Named machines (each a shape, not a measured machine): a 4-core laptop with SMT, a desktop
     * with two core complexes (AMD Zen 2's CCX: an LLC per 4 cores), a two-socket server, a
     * 64-core single-socket server with an LLC per 8 cores (AMD Zen 3/4's CCD).
     */
    public static final Map<String, Topology> PRESETS;

    static {
        Map<String, Topology> m = new LinkedHashMap<>();
        m.put("laptop-4c8t", new Topology(1, 1, 4, 2));
        m.put("desktop-2ccx-8c16t", new Topology(1, 2, 4, 2));
        m.put("server-2s-32c64t", new Topology(2, 1, 16, 2));
        m.put("server-1s-8ccd-64c128t", new Topology(1, 8, 8, 2));
        PRESETS = java.util.Collections.unmodifiableMap(m);
    }

    public int cpus() {
        return nodes * llcPerNode * coresPerLlc * smt;
    }

    public int core(int cpu) {
        return cpu / smt;
    }

    public int llc(int cpu) {
        return cpu / (smt * coresPerLlc);
    }

    public int node(int cpu) {
        return cpu / (smt * coresPerLlc * llcPerNode);
    }

    /** How near CPUs {@code a} and {@code b} are (see the class comment). */
    public int level(int a, int b) {
        if (a == b) return SAME_CPU;
        if (core(a) == core(b)) return SMT;
        if (llc(a) == llc(b)) return LLC;
        if (node(a) == node(b)) return NODE;
        return CROSS_NODE;
    }

    /** The first CPU of the domain of {@code cpu} at {@code level} (SMT: its core; LLC; NODE; CROSS_NODE: the machine). */
    public int domainFirst(int cpu, int level) {
        return switch (level) {
            case SAME_CPU -> cpu;
            case SMT -> core(cpu) * smt;
            case LLC -> llc(cpu) * smt * coresPerLlc;
            case NODE -> node(cpu) * smt * coresPerLlc * llcPerNode;
            default -> 0;
        };
    }

    /** The number of CPUs in a domain at {@code level}. */
    public int domainSize(int level) {
        return switch (level) {
            case SAME_CPU -> 1;
            case SMT -> smt;
            case LLC -> smt * coresPerLlc;
            case NODE -> smt * coresPerLlc * llcPerNode;
            default -> cpus();
        };
    }

    @Override
    public String toString() {
        return "{nodes: " + nodes + ", llc_per_node: " + llcPerNode + ", cores_per_llc: " + coresPerLlc + ", smt: " + smt + "}";
    }
}
