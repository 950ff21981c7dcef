package dev.procsim.memory;

/**
 * How fork gives the child its memory (design.md section 3). Each strategy is one class,
 * registered by name in {@link ForkStrategies}; a fork action names one, or gets the experiment's
 * default.
 */
public interface ForkStrategy {
    /** Registry name. */
    String name();

    /** One line for {@code procsim list fork-strategies}. */
    String description();

    /**
     * Gives the child an address space derived from the parent's and returns the cost charged to the
     * parent. Page copies and other counts go to {@code metrics}.
     */
    long fork(PagedMemory memory, AddressSpace parent, CostProfile costs, MemoryMetrics metrics, ForkResult out);

    /** True when the parent is suspended until the child execs or exits (vfork, posix_spawn). */
    default boolean suspendsParent() {
        return false;
    }

    /** True when the child execs at once (posix_spawn). */
    default boolean execsChild() {
        return false;
    }

    /** What a fork produced: the child's address space. */
    final class ForkResult {
        AddressSpace child;
    }
}
