package dev.procsim.report;

import java.util.Map;

/** Chart and report text in English or Russian ({@code --lang en|ru}): course reports are often written in Russian. */
public enum Lang {
    EN, RU;

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("mean_response_ns", new String[] {"Mean response time", "Среднее время отклика"}),
            Map.entry("mean_waiting_ns", new String[] {"Mean waiting time", "Среднее время ожидания"}),
            Map.entry("mean_turnaround_ns", new String[] {"Mean turnaround time", "Среднее время обработки"}),
            Map.entry("cpu_utilization", new String[] {"CPU utilisation", "Загрузка процессора"}),
            Map.entry("context_switches", new String[] {"Context switches", "Переключения контекста"}),
            Map.entry("page_copies", new String[] {"Page copies", "Копирования страниц"}),
            Map.entry("fork_latency_mean_ns", new String[] {"Mean fork latency", "Средняя задержка fork"}),
            Map.entry("fork_latency_p99_ns", new String[] {"Fork latency, p99", "Задержка fork, p99"}),
            Map.entry("thread_latency_mean_ns", new String[] {"Mean thread creation latency", "Средняя задержка создания потока"}),
            Map.entry("threads", new String[] {"Threads created", "Созданные потоки"}),
            Map.entry("pipe_bytes", new String[] {"Bytes through pipes", "Байты через каналы"}),
            Map.entry("pipe_blocked_full_ns", new String[] {"Writers blocked on full pipes", "Ожидание писателей (канал полон)"}),
            Map.entry("pipe_blocked_empty_ns", new String[] {"Readers blocked on empty pipes", "Ожидание читателей (канал пуст)"}),
            Map.entry("sigpipes", new String[] {"SIGPIPE", "SIGPIPE"}),
            Map.entry("signals_sent", new String[] {"Signals sent", "Отправленные сигналы"}),
            Map.entry("signals_merged", new String[] {"Signals merged", "Слитые сигналы"}),
            Map.entry("signal_handlers_run", new String[] {"Signal handlers run", "Запуски обработчиков сигналов"}),
            Map.entry("signal_latency_mean_ns", new String[] {"Mean signal delivery latency", "Средняя задержка доставки сигнала"}),
            Map.entry("pid_namespaces", new String[] {"PID namespaces", "Пространства имён PID"}),
            Map.entry("page_table_copies", new String[] {"Page tables copied", "Скопированные таблицы страниц"}),
            Map.entry("deadline_misses", new String[] {"Deadline misses", "Пропущенные сроки"}),
            Map.entry("jobs_dropped", new String[] {"Dropped jobs", "Отброшенные задания"}),
            Map.entry("zombies_peak", new String[] {"Zombies, peak", "Зомби, максимум"}),
            Map.entry("pids_in_use_peak", new String[] {"PIDs in use, peak", "Занятые PID, максимум"}),
            Map.entry("fork_failures", new String[] {"Failed forks", "Неудачные fork"}),
            Map.entry("pids_in_use", new String[] {"PIDs in use", "Занятые PID"}),
            Map.entry("zombies", new String[] {"Zombies", "Зомби"}),
            Map.entry("gantt_window", new String[] {"0-%s ms of %s shown, %d of %d tasks: the busiest",
                    "показано 0-%s мс из %s, задач %d из %d: самые загруженные"}),
            Map.entry("gantt_full", new String[] {"full schedule: %s", "полное расписание: %s"}),
            Map.entry("running", new String[] {"running", "выполняется"}),
            Map.entry("frames_in_use_bytes", new String[] {"Memory in use", "Используемая память"}),
            Map.entry("ready_queue", new String[] {"Ready queue length", "Длина очереди готовых"}),
            Map.entry("response_time", new String[] {"Response time", "Время отклика"}),
            Map.entry("fork_latency", new String[] {"Fork latency", "Задержка fork"}),
            Map.entry("fork_failures_pid_exhausted", new String[] {"Forks failed: no free PID", "Отказы fork: нет свободного PID"}),
            Map.entry("fork_failures_pids_max", new String[] {"Forks failed: pids.max", "Отказы fork: pids.max"}),
            Map.entry("fork_failures_nproc", new String[] {"Forks failed: RLIMIT_NPROC", "Отказы fork: RLIMIT_NPROC"}),
            Map.entry("fork_failures_threads_max", new String[] {"Forks failed: threads-max", "Отказы fork: threads-max"}),
            Map.entry("gantt", new String[] {"Schedule", "Расписание"}),
            Map.entry("task", new String[] {"Task", "Задача"}),
            Map.entry("cpu", new String[] {"CPU", "Процессор"}),
            Map.entry("time_ms", new String[] {"Time, ms", "Время, мс"}),
            Map.entry("ms", new String[] {"ms", "мс"}),
            Map.entry("us", new String[] {"µs", "мкс"}),
            Map.entry("MiB", new String[] {"MiB", "МиБ"}),
            Map.entry("count", new String[] {"count", "количество"}),
            Map.entry("fraction", new String[] {"fraction", "доля"}),
            Map.entry("cdf_response", new String[] {"Response time distribution", "Распределение времени отклика"}),
            Map.entry("cdf_fork", new String[] {"Fork latency distribution", "Распределение задержки fork"}),
            Map.entry("share", new String[] {"Share of tasks", "Доля задач"}),
            Map.entry("share_forks", new String[] {"Share of forks", "Доля fork"}),
            Map.entry("combination", new String[] {"Combination", "Комбинация"}),
            Map.entry("across", new String[] {"across replications", "по репликациям"}),
            Map.entry("ci", new String[] {"mean with 95% confidence interval", "среднее и 95% доверительный интервал"}),
            Map.entry("idle", new String[] {"idle", "простой"}),
            Map.entry("report", new String[] {"procsim report", "Отчёт procsim"}),
            Map.entry("experiment", new String[] {"Experiment", "Эксперимент"}),
            Map.entry("parameters", new String[] {"Resolved parameters", "Параметры"}),
            Map.entry("summary", new String[] {"Summary (mean ± 95% CI half-width)", "Сводка (среднее ± половина 95% ДИ)"}),
            Map.entry("latencies", new String[] {"Latency percentiles", "Процентили задержек"}),
            Map.entry("charts", new String[] {"Charts", "Графики"}),
            Map.entry("runs", new String[] {"runs", "прогонов"}),
            Map.entry("gantt_interactive", new String[] {"Schedules (interactive)", "Расписания (интерактивно)"}),
            Map.entry("gantt_help", new String[] {"The first replication of each combination, every task a row: the wheel zooms, dragging pans, the pointer names a segment. The full schedule is also in traces/ for Perfetto UI.",
                    "Первое повторение каждой комбинации, по строке на задачу: колесо масштабирует, перетаскивание сдвигает, указатель называет отрезок. Полное расписание также в traces/ для Perfetto UI."}),
            Map.entry("findings", new String[] {"Findings", "Выводы"}),
            Map.entry("finding_best", new String[] {"Lowest %s: %s, %s [%s, %s] (95%% CI); highest: %s, %s, %s times the lowest.",
                    "Наименьшее значение (%s): %s, %s [%s, %s] (95%% ДИ); наибольшее: %s, %s (×%s к наименьшему)."}),
            Map.entry("finding_paired", new String[] {"Against the baseline %s, %d of %d differences in %s are clear at the 5%% level (the paired 95%% interval leaves out zero).",
                    "Относительно базового варианта %1$s различий в метрике «%4$s», значимых на уровне 5%%: %2$d из %3$d (парный 95%% интервал не содержит нуля)."}),
            Map.entry("finding_reps", new String[] {"Paired intervals of +/- 10%% of the baseline's mean would need up to %d replications (%d ran).",
                    "Для парных интервалов ±10%% от среднего базового варианта нужно до %d повторений (выполнено %d)."}),
            Map.entry("finding_reps_many", new String[] {"Paired intervals of +/- 10%% of the baseline's mean would need more than %d replications (%d ran): the runs differ too much for that; compare the paired intervals instead.",
                    "Для парных интервалов ±10%% от среднего базового варианта нужно больше %d повторений (выполнено %d): прогоны слишком различаются; сравнивайте парные интервалы."}),
            Map.entry("paired", new String[] {"Paired differences from the baseline %s (mean difference [95%% CI]; * the interval leaves out zero; ratio of means)",
                    "Парные разности с базовым вариантом %s (средняя разность [95%% ДИ]; * интервал не содержит нуля; отношение средних)"}),
            Map.entry("paired_chart", new String[] {"%s: difference from %s (paired 95%% CI)", "%s: разность с %s (парный 95%% ДИ)"}),
            Map.entry("intro", new String[] {"Seed %d; %d combinations x %d replications: %d runs.", "Зерно %d; комбинаций: %d, повторений каждой: %d; всего прогонов: %d."}),
            Map.entry("cap_bar", new String[] {"Mean of %s replications per combination with its 95%% Student-t interval (%d combinations, %d runs).",
                    "Среднее по %s повторениям каждой комбинации и его 95%% интервал Стьюдента (комбинаций: %d, прогонов: %d)."}),
            Map.entry("cap_paired", new String[] {"Mean difference from %s over %s paired replications, with its 95%% interval, for each of %d combinations.",
                    "Средняя разность с %s по %s парным повторениям и её 95%% интервал, для каждой из %d комбинаций."}),
            Map.entry("cap_box", new String[] {"Each replication one value: %s per combination (%d combinations, %d runs).",
                    "Каждое повторение — одно значение: %s на комбинацию (комбинаций: %d, прогонов: %d)."}),
            Map.entry("cap_cdf", new String[] {"Every task (or fork) of all %d runs, the replications of each of %d combinations merged.",
                    "Все задачи (или fork) всех %d прогонов; повторения каждой из %d комбинаций объединены."}),
            Map.entry("cap_series", new String[] {"The first replication of each of %d combinations.", "Первое повторение каждой из %d комбинаций."}),
            Map.entry("cap_sweep", new String[] {"Mean of %s replications at each swept value (%d runs).",
                    "Среднее по %s повторениям в каждой точке перебора (прогонов: %d)."}),
            Map.entry("cap_gantt", new String[] {"The first replication; its full schedule is traces/%s.json.",
                    "Первое повторение; полное расписание — traces/%s.json."}),
            Map.entry("max", new String[] {"max", "макс."}),
            Map.entry("scheduler", new String[] {"Scheduler", "Планировщик"}),
            Map.entry("fork", new String[] {"Fork strategy", "Стратегия fork"}),
            Map.entry("throughput_per_s", new String[] {"Throughput, tasks/s", "Пропускная способность, задач/с"}),
            Map.entry("forks", new String[] {"Forks", "Вызовы fork"}),
            Map.entry("cow_faults_copy", new String[] {"COW faults: copied", "Сбои COW: копия"}),
            Map.entry("cow_faults_reuse", new String[] {"COW faults: reused", "Сбои COW: без копии"}),
            Map.entry("frames_peak_bytes", new String[] {"Memory in use, peak", "Используемая память, максимум"}),
            Map.entry("partial", new String[] {"PARTIAL RESULT: the run was stopped early", "НЕПОЛНЫЙ РЕЗУЛЬТАТ: прогон прерван"}));

    public String t(String key) {
        String[] v = TEXT.get(key);
        if (v == null) return key;
        return v[ordinal()];
    }

    public static Lang parse(String s) {
        return switch (s) {
            case "en" -> EN;
            case "ru" -> RU;
            default -> throw new IllegalArgumentException("--lang must be en or ru, was '" + s + "'");
        };
    }
}
