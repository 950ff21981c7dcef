package dev.procsim.memory;

import dev.procsim.engine.SimTime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The costs of process creation and memory faults, in nanoseconds, by name. Two profiles ship as
 * resources, copied from procsim's calibration data with each figure's source in a comment:
 * {@code linux-6.18-kvm} (the default, measured) and {@code bare-metal-literature} (published
 * figures). An experiment may pick one and override single costs with {@link #with}.
 */
public final class CostProfile {
    public static final String DEFAULT = "linux-6.18-kvm";
    public static final List<String> BUILT_IN = List.of("linux-6.18-kvm", "bare-metal-literature");
    /** Every name {@link #load} accepts. */
    public static final List<String> NAMES = List.of("linux-6.18-kvm", "bare-metal-literature", "none");

    /** Every cost a profile must give, in the order they are documented. */
    public static final List<String> KEYS = List.of("fork_fixed", "fork_pte_per_page", "eager_copy_per_page",
            "cow_fault_copy", "write_fault_reuse", "zero_fill_fault", "teardown_per_page", "exit_fixed",
            "vfork_round_trip", "spawn_round_trip", "exec_fixed", "fork_fail_early", "wait_reap", "context_switch",
            "thread_round_trip", "pipe_call", "pipe_copy_per_page", "signal_delivery");

    private final String name;
    private final Map<String, Long> costs;
    private final long forkFixedPages;

    // The costs as fields (see the constructor); -1 if the profile lacks one.
    private final long forkFixed;
    private final long forkPtePerPage;
    private final long eagerCopyPerPage;
    private final long cowFaultCopy;
    private final long writeFaultReuse;
    private final long zeroFillFault;
    private final long teardownPerPage;
    private final long exitFixed;
    private final long vforkRoundTrip;
    private final long spawnRoundTrip;
    private final long execFixed;
    private final long forkFailEarly;
    private final long waitReap;
    private final long contextSwitch;
    private final long threadRoundTrip;
    private final long pipeCall;
    private final long pipeCopyPerPage;
    private final long signalDelivery;

    private CostProfile(String name, Map<String, Long> costs, long forkFixedPages) {
        this.name = name;
        this.costs = Collections.unmodifiableMap(new LinkedHashMap<>(costs));
        this.forkFixedPages = forkFixedPages;
        // Read once: the fault and fork paths ask for these per page fault, not per map lookup.
        this.forkFixed = costs.getOrDefault("fork_fixed", -1L);
        this.forkPtePerPage = costs.getOrDefault("fork_pte_per_page", -1L);
        this.eagerCopyPerPage = costs.getOrDefault("eager_copy_per_page", -1L);
        this.cowFaultCopy = costs.getOrDefault("cow_fault_copy", -1L);
        this.writeFaultReuse = costs.getOrDefault("write_fault_reuse", -1L);
        this.zeroFillFault = costs.getOrDefault("zero_fill_fault", -1L);
        this.teardownPerPage = costs.getOrDefault("teardown_per_page", -1L);
        this.exitFixed = costs.getOrDefault("exit_fixed", -1L);
        this.vforkRoundTrip = costs.getOrDefault("vfork_round_trip", -1L);
        this.spawnRoundTrip = costs.getOrDefault("spawn_round_trip", -1L);
        this.execFixed = costs.getOrDefault("exec_fixed", -1L);
        this.forkFailEarly = costs.getOrDefault("fork_fail_early", -1L);
        this.waitReap = costs.getOrDefault("wait_reap", -1L);
        this.contextSwitch = costs.getOrDefault("context_switch", -1L);
        this.threadRoundTrip = costs.getOrDefault("thread_round_trip", -1L);
        this.pipeCall = costs.getOrDefault("pipe_call", -1L);
        this.pipeCopyPerPage = costs.getOrDefault("pipe_copy_per_page", -1L);
        this.signalDelivery = costs.getOrDefault("signal_delivery", -1L);
    }

    private long known(long v, String key) {
        if (v < 0) throw new IllegalArgumentException("unknown cost '" + key + "'");
        return v;
    }

    /** Every cost zero: the textbook world where only computation takes time. */
    public static final String NONE = "none";

    private static final java.util.concurrent.ConcurrentHashMap<String, CostProfile> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** A built-in profile by name ({@code none} included); each is read once (profiles are immutable). */
    public static CostProfile load(String name) {
        CostProfile p = LOADED.get(name);
        if (p == null) {
            p = read(name);
            LOADED.putIfAbsent(name, p);
        }
        return p;
    }

    private static CostProfile read(String name) {
        if (name.equals(NONE)) {
            Map<String, Long> zero = new LinkedHashMap<>();
            for (String k : KEYS) zero.put(k, 0L);
            return new CostProfile(NONE, zero, 0);
        }
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown cost profile '" + name + "'; known: " + String.join(", ", BUILT_IN));
        }
        String resource = "profiles/" + name + ".yaml";
        try (InputStream in = CostProfile.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return parse(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the profile format: {@code costs:} followed by indented {@code key: duration} lines,
     * comments after {@code #}. Only the keys in {@link #KEYS} plus {@code fork_fixed_pages}.
     */
    static CostProfile parse(String name, InputStream in) throws IOException {
        Map<String, Long> costs = new LinkedHashMap<>();
        long fixedPages = 0;
        boolean inCosts = false;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).stripTrailing();
            if (s.isBlank()) continue;
            boolean indented = Character.isWhitespace(s.charAt(0));
            int colon = s.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException(name + ":" + lineNo + ": expected 'key: value'");
            String key = s.substring(0, colon).strip();
            String value = s.substring(colon + 1).strip();
            if (!indented) {
                inCosts = key.equals("costs");
                if (key.equals("page_size") && Sizes.parseBytes(value) != Sizes.PAGE_SIZE) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": only 4KiB pages are modelled");
                }
                continue;
            }
            if (!inCosts) continue;
            if (key.equals("fork_fixed_pages")) {
                fixedPages = Long.parseLong(value);
            } else if (KEYS.contains(key)) {
                costs.put(key, SimTime.parse(value));
            } else {
                throw new IllegalArgumentException(name + ":" + lineNo + ": unknown cost '" + key + "'");
            }
        }
        for (String k : KEYS) {
            if (!costs.containsKey(k)) throw new IllegalArgumentException("cost profile " + name + " lacks " + k);
        }
        return new CostProfile(name, costs, fixedPages);
    }

    /** This profile with one cost replaced; an unknown name is an error listing the valid ones. */
    public CostProfile with(String key, long nanos) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("unknown cost '" + key + "'; costs are: " + String.join(", ", KEYS));
        }
        if (nanos < 0) throw new IllegalArgumentException("cost " + key + " must be >= 0");
        Map<String, Long> m = new LinkedHashMap<>(costs);
        m.put(key, nanos);
        return new CostProfile(name, m, forkFixedPages);
    }

    public String name() {
        return name;
    }

    public long get(String key) {
        Long v = costs.get(key);
        if (v == null) throw new IllegalArgumentException("unknown cost '" + key + "'");
        return v;
    }

    public Map<String, Long> costs() {
        return costs;
    }

    /** Resident pages whose page-table copy {@code fork_fixed} already includes. */
    public long forkFixedPages() {
        return forkFixedPages;
    }

    public long forkFixed() { return known(forkFixed, "fork_fixed"); }
    public long forkPtePerPage() { return known(forkPtePerPage, "fork_pte_per_page"); }
    public long eagerCopyPerPage() { return known(eagerCopyPerPage, "eager_copy_per_page"); }
    public long cowFaultCopy() { return known(cowFaultCopy, "cow_fault_copy"); }
    public long writeFaultReuse() { return known(writeFaultReuse, "write_fault_reuse"); }
    public long zeroFillFault() { return known(zeroFillFault, "zero_fill_fault"); }
    public long teardownPerPage() { return known(teardownPerPage, "teardown_per_page"); }
    public long exitFixed() { return known(exitFixed, "exit_fixed"); }
    public long vforkRoundTrip() { return known(vforkRoundTrip, "vfork_round_trip"); }
    public long spawnRoundTrip() { return known(spawnRoundTrip, "spawn_round_trip"); }
    public long execFixed() { return known(execFixed, "exec_fixed"); }
    public long forkFailEarly() { return known(forkFailEarly, "fork_fail_early"); }
    public long waitReap() { return known(waitReap, "wait_reap"); }
    public long contextSwitch() { return known(contextSwitch, "context_switch"); }
    public long threadRoundTrip() { return known(threadRoundTrip, "thread_round_trip"); }
    public long pipeCall() { return known(pipeCall, "pipe_call"); }
    public long pipeCopyPerPage() { return known(pipeCopyPerPage, "pipe_copy_per_page"); }
    public long signalDelivery() { return known(signalDelivery, "signal_delivery"); }

    @Override
    public String toString() {
        return "CostProfile[" + name + ", " + costs + "]";
    }
}
