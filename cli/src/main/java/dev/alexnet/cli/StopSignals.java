// SIGINT and SIGTERM during training: the first asks for a clean stop after the current step, a second exits at once.
package dev.alexnet.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, SIGINT (Ctrl-C) and SIGTERM set a flag the trainer polls after every step; it then writes a
 * checkpoint and stops, and the command exits with 130 or 143 (128 + the signal number, as shells report). A second
 * signal exits at once with the same code: the checkpoint on disk is complete either way, since every write of it is
 * a rename of a finished file.
 */
final class StopSignals implements AutoCloseable {
    private static final AtomicReference<String> received = new AtomicReference<>();
    private final SignalHandler oldInt, oldTerm;

    private StopSignals() {
        received.set(null);
        SignalHandler h = StopSignals::handle;
        oldInt = install("INT", h);
        oldTerm = install("TERM", h);
    }

    static StopSignals install() {
        return new StopSignals();
    }

    private static SignalHandler install(String name, SignalHandler h) {
        try {
            return Signal.handle(new Signal(name), h);
        } catch (IllegalArgumentException e) {
            return null; // the platform or the JVM (-Xrs) does not let us handle it; the default stays
        }
    }

    private static void handle(Signal s) {
        if (!received.compareAndSet(null, s.getName())) {
            System.err.println("\nalexnet: second " + name(s.getName()) + ", exiting now; the last checkpoint is kept");
            Runtime.getRuntime().halt(exitCode(s.getName()));
        }
        System.err.println("\nalexnet: " + name(s.getName()) + " received: stopping after this step and writing a "
                + "checkpoint (send it again to exit at once)");
    }

    boolean requested() {
        return received.get() != null;
    }

    /** The name of the signal that stopped the last run ("INT" or "TERM"), or null. */
    static String lastSignal() {
        return received.get();
    }

    static String name(String signal) {
        return signal == null ? "request" : "SIG" + signal;
    }

    static int exitCode(String signal) {
        return "INT".equals(signal) ? Exit.INTERRUPTED : Exit.TERMINATED;
    }

    @Override
    public void close() {
        if (oldInt != null) Signal.handle(new Signal("INT"), oldInt);
        if (oldTerm != null) Signal.handle(new Signal("TERM"), oldTerm);
    }
}
