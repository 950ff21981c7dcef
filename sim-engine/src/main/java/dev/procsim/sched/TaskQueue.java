package dev.procsim.sched;

import dev.procsim.kernel.Task;

/** A FIFO run queue as an intrusive doubly-linked list through {@code rqNext}/{@code rqPrev}: O(1), no allocation. */
final class TaskQueue {
    private Task head;
    private Task tail;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Task peek() {
        return head;
    }

    void addLast(Task t) {
        t.rqPrev = tail;
        t.rqNext = null;
        if (tail != null) tail.rqNext = t;
        else head = t;
        tail = t;
        size++;
    }

    void addFirst(Task t) {
        t.rqNext = head;
        t.rqPrev = null;
        if (head != null) head.rqPrev = t;
        else tail = t;
        head = t;
        size++;
    }

    /** Inserts {@code t} right behind {@code anchor}, which is in this queue. */
    void addAfter(Task anchor, Task t) {
        t.rqPrev = anchor;
        t.rqNext = anchor.rqNext;
        if (anchor.rqNext != null) anchor.rqNext.rqPrev = t;
        else tail = t;
        anchor.rqNext = t;
        size++;
    }

    void remove(Task t) {
        if (t.rqPrev != null) t.rqPrev.rqNext = t.rqNext;
        else head = t.rqNext;
        if (t.rqNext != null) t.rqNext.rqPrev = t.rqPrev;
        else tail = t.rqPrev;
        t.rqNext = null;
        t.rqPrev = null;
        size--;
    }

    /** Removes and returns the first task {@code ok} accepts, the others left in order; null if none. */
    Task poll(java.util.function.Predicate<Task> ok) {
        for (Task t = head; t != null; t = t.rqNext) {
            if (ok.test(t)) {
                remove(t);
                return t;
            }
        }
        return null;
    }

    Task poll() {
        Task t = head;
        if (t != null) remove(t);
        return t;
    }
}
