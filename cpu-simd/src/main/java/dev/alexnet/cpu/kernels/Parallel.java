// A fixed pool of worker threads that runs part i of a task on thread i: the one place the CPU backend goes parallel.
package dev.alexnet.cpu.kernels;

/**
 * Runs {@code parts} pieces of one task at once, piece 0 on the calling thread and piece i on
 * worker i. The partition is fixed by the caller (piece i always covers the same range), so results
 * are identical run to run for a given thread count. Calls allocate nothing; regions must not nest.
 */
public final class Parallel implements AutoCloseable {

    /** One parallel region: {@code run(part, parts)} handles piece {@code part} of {@code parts}. */
    public interface Task {
        void run(int part, int parts);
    }

    private final int threads;
    private final Thread[] workers;
    private final Object lock = new Object();
    // Guarded by lock: the current task, how many pieces it has, a generation counter so each worker
    // runs each region once, how many pieces are still running, and the first failure.
    private Task task;
    private int parts;
    private long generation;
    private int running;
    private Throwable failure;
    private boolean closed;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            final int part = i + 1;
            Thread t = new Thread(() -> workerLoop(part), "alexnet-cpu-" + part);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Splits [0, total) into {@code parts} contiguous ranges; the start of range {@code part}. */
    public static int start(int total, int part, int parts) {
        return (int) ((long) total * part / parts);
    }

    /** Runs pieces 0 .. parts-1 of {@code t} ({@code parts <= threads()}) and waits for all of them. */
    public void run(int parts, Task t) {
        if (parts < 1 || parts > threads) {
            throw new IllegalArgumentException("parts must be in 1.." + threads + ", got " + parts);
        }
        if (parts == 1) {
            t.run(0, 1);
            return;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("thread pool closed");
            }
            task = t;
            this.parts = parts;
            running = parts - 1;
            failure = null;
            generation++;
            lock.notifyAll();
        }
        Throwable mine = null;
        try {
            t.run(0, parts);
        } catch (Throwable e) {
            mine = e;
        }
        Throwable theirs;
        synchronized (lock) {
            while (running > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for workers", e);
                }
            }
            task = null;
            theirs = failure;
        }
        if (mine != null || theirs != null) {
            Throwable e = mine != null ? mine : theirs;
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e);
        }
    }

    private void workerLoop(int part) {
        long seen = 0;
        while (true) {
            Task t;
            int n;
            synchronized (lock) {
                while (!closed && generation == seen) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                t = task;
                n = parts;
            }
            if (part >= n) {
                continue; // this region uses fewer pieces than there are threads
            }
            Throwable err = null;
            try {
                t.run(part, n);
            } catch (Throwable e) {
                err = e;
            }
            synchronized (lock) {
                if (err != null && failure == null) {
                    failure = err;
                }
                if (--running == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
