package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PidAllocatorTest {
    @Test
    void cyclicFromOnePastTheLastThenWrapsTo300() {
        PidAllocator a = new PidAllocator(400);
        for (int expected = 1; expected < 400; expected++) {
            int pid = a.allocate();
            assertThat(pid).isEqualTo(expected);
            if (expected > 2) a.free(pid); // keep 1 and 2, as init and a parent would
        }
        // Cursor is at 400 = pid_max: wrap to 300, never below, although 3..299 are free.
        assertThat(a.allocate()).isEqualTo(300);
        a.free(300);
        assertThat(a.allocate()).isEqualTo(301);
    }

    @Test
    void exhaustedAboveThe300MarkEvenWithLowPidsFree() {
        PidAllocator a = new PidAllocator(400);
        for (int i = 1; i < 400; i++) {
            int pid = a.allocate();
            if (pid > 2 && pid < 300) a.free(pid);
        }
        // 300..399 held (as by 100 zombies): nothing to allocate.
        assertThat(a.allocate()).isEqualTo(-1);
        a.free(335);
        assertThat(a.allocate()).isEqualTo(335);
        assertThat(a.allocate()).isEqualTo(-1);
    }

    @Test
    void smallestPidMaxWrapsOntoPid300Only() {
        PidAllocator a = new PidAllocator(301);
        for (int i = 1; i <= 300; i++) assertThat(a.allocate()).isEqualTo(i);
        a.free(5);
        // Cursor 301: [301, 301) is empty, the wrap searches [300, 301) only; PID 5 is not reused.
        assertThat(a.allocate()).isEqualTo(-1);
        a.free(300);
        assertThat(a.allocate()).isEqualTo(300);
    }

    @Test
    void matchesAReferenceModelUnderRandomChurn() {
        for (int pidMax : new int[] {301, 400, 1000, 70_000}) {
            SplittableRandom r = new SplittableRandom(pidMax);
            PidAllocator a = new PidAllocator(pidMax);
            BitSet used = new BitSet();
            used.set(0);
            int cursor = 1;
            int[] held = new int[pidMax];
            int heldCount = 0;
            for (int op = 0; op < 200_000; op++) {
                if (heldCount == 0 || r.nextInt(100) < 55) {
                    // reference: idr_alloc_cyclic
                    int expected = used.nextClearBit(cursor);
                    if (expected >= pidMax) {
                        int min = cursor > 300 ? 300 : 1;
                        expected = used.nextClearBit(min);
                        if (expected >= Math.min(cursor, pidMax)) expected = -1;
                    }
                    int got = a.allocate();
                    assertThat(got).as("pid_max %d op %d", pidMax, op).isEqualTo(expected);
                    if (got > 0) {
                        used.set(got);
                        cursor = got + 1;
                        held[heldCount++] = got;
                    }
                } else {
                    int i = r.nextInt(heldCount);
                    int pid = held[i];
                    held[i] = held[--heldCount];
                    a.free(pid);
                    used.clear(pid);
                }
                assertThat(a.inUse()).isEqualTo(heldCount);
            }
        }
    }

    @Test
    void largestPidMaxAt99PercentOccupancy() {
        PidAllocator a = new PidAllocator(PidAllocator.MAX_PID_MAX);
        int target = (int) (PidAllocator.MAX_PID_MAX * 0.99);
        for (int i = 0; i < target; i++) assertThat(a.allocate()).isPositive();
        assertThat(a.inUse()).isEqualTo(target);
        assertThat(a.allocate()).isEqualTo(target + 1);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new PidAllocator(300)).hasMessageContaining("pid_max must be in [301, 4194304]");
        assertThatThrownBy(() -> new PidAllocator(4_194_305)).hasMessageContaining("pid_max");
        PidAllocator a = new PidAllocator(400);
        assertThatThrownBy(() -> a.free(7)).hasMessageContaining("not in use");
    }
}
