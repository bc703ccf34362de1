package io.weft.node.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While open, Ctrl-C (SIGINT) interrupts one thread instead of ending the JVM, so a command that runs until it is
 * stopped can finish its output and exit 0. It takes effect once: a second Ctrl-C ends the JVM as usual, in case the
 * command does not stop. Where the JVM does not let us handle the signal (started with -Xrs, or no SIGINT), Ctrl-C
 * simply ends the JVM.
 */
final class CtrlC implements AutoCloseable
{
    private static final Signal SIGINT = signal();
    /** The JVM has one SIGINT handler: of commands that overlap (tests run several in-process), the first takes it. */
    private static final AtomicBoolean TAKEN = new AtomicBoolean();
    private final SignalHandler previous;

    private CtrlC(final Thread thread)
    {
        SignalHandler installed = null;
        if (SIGINT != null && TAKEN.compareAndSet(false, true))
        {
            try
            {
                installed = Signal.handle(SIGINT, signal -> {
                    restore();
                    thread.interrupt();
                });
            }
            catch (final IllegalArgumentException | IllegalStateException ex)
            {
                // the JVM keeps SIGINT to itself: Ctrl-C ends it
                TAKEN.set(false);
            }
        }
        previous = installed;
    }

    static CtrlC interrupts(final Thread thread)
    {
        return new CtrlC(thread);
    }

    @Override
    public void close()
    {
        if (previous != null)
        {
            restore();
            TAKEN.set(false);
        }
    }

    private void restore()
    {
        if (previous != null)
        {
            Signal.handle(SIGINT, previous);
        }
    }

    private static Signal signal()
    {
        try
        {
            return new Signal("INT");
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
