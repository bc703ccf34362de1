package io.weft.transport;

/**
 * Channel and stream conventions shared by the node side and the executor SDK, so that both ends agree on one
 * place rather than on copied literals.
 */
public final class TransportChannels
{
    /** Stream executors publish on (Register, Heartbeat, Started, Succeeded, Failed) and the node subscribes to. */
    public static final int NODE_STREAM_ID = 1001;

    /** Stream the node publishes on (RegisterAck, Dispatch, Cancel, Drain) and each executor subscribes to. */
    public static final int EXECUTOR_STREAM_ID = 1002;

    /** Stream nodes publish the owner protocol on to each other, on the endpoint their executors reach them at. */
    public static final int PEER_STREAM_ID = 1003;

    /**
     * Term length used on every Weft channel. 1 MiB keeps log buffers small on laptops and test machines while
     * still allowing messages of up to 128 KiB (term length / 8), enough for 64 KiB payloads plus headers.
     */
    public static final String TERM_LENGTH = "1m";

    /** Term length in bytes, for driver defaults. */
    public static final int TERM_LENGTH_BYTES = 1024 * 1024;

    /** Default node inbound channel: loopback, ephemeral port (resolve it with {@link ExecutorLinkAgent#nodeEndpoint()}). */
    public static final String DEFAULT_NODE_CHANNEL = udpChannel("127.0.0.1:0");

    private TransportChannels()
    {
    }

    /**
     * @param endpoint host:port, port 0 for an ephemeral port on a subscription.
     * @return a UDP channel on that endpoint with the Weft term length.
     */
    public static String udpChannel(final String endpoint)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + TERM_LENGTH;
    }
}
