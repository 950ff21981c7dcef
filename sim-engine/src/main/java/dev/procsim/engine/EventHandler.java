package dev.procsim.engine;

/**
 * What an event does when it fires. Events carry two primitive arguments instead of an object so
 * that scheduling one allocates nothing: a handler usually dispatches on {@code tag} and looks its
 * target up by {@code arg} (a task index, a CPU number).
 */
@FunctionalInterface
public interface EventHandler {
    void onEvent(int tag, int arg);
}
