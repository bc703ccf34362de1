package io.weft.rest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare socket for what java.net.http will not send: pipelined requests, broken request lines, hand-set
 * Content-Length. Reads responses framed by Content-Length, which is all this server writes.
 */
final class RawHttpConnection implements AutoCloseable
{
    record Response(int status, Map<String, String> headers, String body)
    {
        String header(final String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(final int port) throws IOException
    {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(final String text) throws IOException
    {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    Response readResponse() throws IOException
    {
        final String statusLine = readLine();
        if (statusLine == null)
        {
            throw new IOException("connection closed before a response");
        }
        final int status = Integer.parseInt(statusLine.split(" ")[1]);
        final Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty())
        {
            final int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        final int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        final byte[] body = in.readNBytes(length);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Whether the server sends something (or closes) within {@code ms}: a bounded blocking read, which consumes
     * nothing, so a test can pace what it writes by what the server does.
     */
    boolean answersWithin(final long ms) throws IOException
    {
        socket.setSoTimeout((int)ms);
        in.mark(1);
        try
        {
            in.read();
            in.reset();
            return true;
        }
        catch (final java.net.SocketTimeoutException quiet)
        {
            return false;
        }
        finally
        {
            socket.setSoTimeout(10_000);
        }
    }

    /** True once the server has closed its side: the next read sees end of stream. */
    boolean closedByServer() throws IOException
    {
        return in.read() == -1;
    }

    private String readLine() throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1)
        {
            if (b == '\n')
            {
                final byte[] bytes = line.toByteArray();
                final int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
