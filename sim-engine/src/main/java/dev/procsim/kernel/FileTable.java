package dev.procsim.kernel;

import java.util.ArrayList;

/**
 * A process's open pipe ends by name (Linux's {@code files_struct}, reduced to pipes): copied at
 * fork, shared by threads (CLONE_FILES), kept across exec, closed when its last user exits.
 */
final class FileTable {
    final ArrayList<String> names = new ArrayList<>(2);
    final ArrayList<Pipe> pipes = new ArrayList<>(2);
    /** Per entry: {@link Action.PipeClose#READ} | {@link Action.PipeClose#WRITE}, the ends open. */
    final ArrayList<Integer> ends = new ArrayList<>(2);
    /** Tasks using this table (threads created with CLONE_FILES share it). */
    int users = 1;

    int find(String name) {
        for (int i = names.size() - 1; i >= 0; i--) if (names.get(i).equals(name)) return i;
        return -1;
    }
}
