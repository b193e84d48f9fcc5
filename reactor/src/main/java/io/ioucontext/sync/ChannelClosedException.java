package io.ioucontext.sync;

/** Thrown by {@link Channel#send(Object)} once the channel is closed, including to senders it kept waiting. */
public final class ChannelClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ChannelClosedException() {
        super("send on a closed channel");
    }
}
