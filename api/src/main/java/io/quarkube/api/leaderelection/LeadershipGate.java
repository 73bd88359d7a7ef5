package io.quarkube.api.leaderelection;

/**
 * Where a component's workers wait while this replica does not lead: the elector's callbacks open and shut it,
 * workers call {@link #awaitOpen} before each unit of work. Closing releases every waiter for good (shutdown).
 */
public final class LeadershipGate {
    private boolean open;
    private boolean closed;

    public LeadershipGate(boolean open) {
        this.open = open;
    }

    public synchronized void set(boolean leading) {
        open = leading;
        notifyAll();
    }

    public synchronized boolean isOpen() {
        return open && !closed;
    }

    /** Blocks until this replica leads; false once the gate is closed (stop working). */
    public synchronized boolean awaitOpen() throws InterruptedException {
        while (!open && !closed) {
            wait();
        }
        return !closed;
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
