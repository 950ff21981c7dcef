/**
 * Exercises for courses ({@code procsim exercise}), in the spirit of OSTEP's homework simulators:
 * a problem drawn from a seed, and its worked answer computed by procsim's own kernel, schedulers
 * and memory model. One class per kind: job lists under fcfs, sjf, rr and mlfq (JobListExercise),
 * periodic task sets under edf and rm (PeriodicExercise), fork strategies (ForkExercise), PID
 * allocation (PidExercise); the options and their checks (ExerciseOptions), and the text helpers
 * they share (ExerciseText).
 */
package dev.procsim.report.exercise;
