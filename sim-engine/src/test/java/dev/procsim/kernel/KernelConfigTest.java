package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** {@link KernelConfig#copy} lists the fields by hand: this catches a field added and forgotten there. */
class KernelConfigTest {
    @Test
    void copyCarriesEveryField() throws IllegalAccessException {
        KernelConfig c = new KernelConfig();
        int i = 2;
        for (Field f : KernelConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            Class<?> t = f.getType();
            // a value unlike the default, different per field
            if (t == int.class) f.setInt(c, f.getInt(c) + i);
            else if (t == long.class) f.setLong(c, f.getLong(c) - i);
            else if (t == boolean.class) f.setBoolean(c, !f.getBoolean(c));
            else if (t == String.class) f.set(c, "value" + i);
            else if (t == KernelConfig.RunQueue.class) f.set(c, KernelConfig.RunQueue.PER_CPU);
            else if (t == Topology.class) f.set(c, new Topology(1, 1, i, 1));
            else if (t == long[].class) f.set(c, new long[] {0, i, i + 1, i + 2, i + 3});
            else if (t == CpuSet.class) f.set(c, CpuSet.of(i));
            else throw new AssertionError("KernelConfigTest does not know how to vary field " + f.getName() + " of " + t);
            i++;
        }
        KernelConfig copy = c.copy();
        assertThat(copy).isNotSameAs(c);
        for (Field f : KernelConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            assertThat(f.get(copy)).as(f.getName()).isEqualTo(f.get(c)).isNotEqualTo(f.get(new KernelConfig()));
            if (f.getType().isArray()) assertThat(f.get(copy)).as(f.getName() + " is a copy").isNotSameAs(f.get(c));
        }
    }
}
