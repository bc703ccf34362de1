package io.weft.perf;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.weft.scheduler.api.DagPlan;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Submits over HTTP/1.1 keep-alive connections on one Netty event loop: one request at a time per connection, no
 * pipelining, as a fleet of ordinary clients would. The JDK's HttpClient cost the generator about half a core for
 * a thousand requests a second, which made the client the limit of every HTTP run on a small machine; this one
 * reuses one encoded body and costs a few microseconds a request.
 */
final class NettyHttpSubmitter extends LoadGeneratorMain.Submitter implements AutoCloseable
{
    /** Threads the generator's CPU share counts as its own. */
    static final String THREAD_PREFIX = "weft-load-http";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(THREAD_PREFIX, true),
        NioIoHandler.newFactory());
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final List<Connection> all = new ArrayList<>();
    private final String authorization;
    private ByteBuf body;

    NettyHttpSubmitter(final List<String> urls, final int connections, final String token) throws InterruptedException
    {
        this.authorization = "Bearer " + token;
        for (int i = 0; i < connections; i++)
        {
            final Connection connection = new Connection(URI.create(urls.get(i % urls.size())));
            connection.connect();
            all.add(connection);
            idle.add(connection);
        }
    }

    @Override
    boolean hasRoom()
    {
        return !idle.isEmpty();
    }

    @Override
    boolean submit(final DagPlan plan, final String json, final long intendedNs)
    {
        if (body == null)
        {
            body = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        }
        final Connection connection = idle.poll();
        if (connection == null)
        {
            return false;
        }
        pending.incrementAndGet();
        connection.send(body.duplicate(), intendedNs);
        return true;
    }

    @Override
    public void close()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One keep-alive connection and the request it has in flight. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private final URI uri;
        private final String hostHeader;
        private Channel channel;
        private long intendedNs;
        private boolean inFlight;

        Connection(final URI uri)
        {
            this.uri = uri;
            this.hostHeader = uri.getHost() + ":" + uri.getPort();
        }

        void connect() throws InterruptedException
        {
            channel = open().sync().channel();
        }

        private io.netty.channel.ChannelFuture open()
        {
            return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), Connection.this);
                    }
                })
                .connect(uri.getHost(), uri.getPort());
        }

        void send(final ByteBuf content, final long intendedNs)
        {
            this.intendedNs = intendedNs;
            this.inFlight = true;
            final DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri.getRawPath(), content);
            request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.AUTHORIZATION, authorization)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            channel.writeAndFlush(request, channel.voidPromise());
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            if (response.status().code() == 202)
            {
                latency.recordValue(System.nanoTime() - intendedNs);
                accepted.incrementAndGet();
            }
            else
            {
                refused.incrementAndGet();
            }
            inFlight = false;
            pending.decrementAndGet();
            idle.add(this);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            // The node closed the connection (a refusal may): what was in flight is lost to it; open a new one.
            if (inFlight)
            {
                inFlight = false;
                refused.incrementAndGet();
                pending.decrementAndGet();
            }
            idle.remove(this);
            if (!group.isShuttingDown())
            {
                open().addListener((io.netty.channel.ChannelFuture opened) -> {
                    if (opened.isSuccess())
                    {
                        channel = opened.channel();
                        idle.add(this);
                    }
                    // else the node is gone; the run ends on its own with fewer connections
                });
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }

        @Override
        public boolean isSharable()
        {
            return true;
        }
    }
}
