package io.tenet.bgp.speaker;

import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.wire.BgpCodec;
import io.tenet.bgp.wire.BgpError;
import io.tenet.bgp.wire.BgpMessage;
import io.tenet.bgp.wire.Capabilities;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A neighbour played by the test over a plain socket: it sends what the test says, bytes included. */
final class ScriptedPeer implements AutoCloseable {
    final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    final BgpCodec codec = new BgpCodec(true);

    ScriptedPeer(String address) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    int port() {
        return server.getLocalPort();
    }

    void accept() throws IOException {
        server.setSoTimeout(10_000);
        socket = server.accept();
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Accepts the speaker's connection and completes the OPEN exchange as AS {@code as} with this hold time. */
    BgpMessage.Open establish(long as, int hold, String id) throws IOException, BgpError {
        accept();
        BgpMessage.Open theirs = (BgpMessage.Open) read();
        send(new BgpMessage.Open(4, (int) Math.min(as, BgpMessage.Open.AS_TRANS), hold, Ipv4.parse(id),
                Capabilities.offered(as)));
        send(new BgpMessage.Keepalive());
        BgpMessage m = read();
        if (!(m instanceof BgpMessage.Keepalive)) {
            throw new IOException("expected a KEEPALIVE, got " + m);
        }
        return theirs;
    }

    void send(BgpMessage m) throws IOException {
        sendRaw(codec.encode(m));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message; a closed connection is an IOException. */
    BgpMessage read() throws IOException, BgpError {
        byte[] header = new byte[BgpCodec.HEADER];
        in.readFully(header);
        int length = BgpCodec.frameLength(header, 0, header.length);
        byte[] m = java.util.Arrays.copyOf(header, length);
        in.readFully(m, BgpCodec.HEADER, length - BgpCodec.HEADER);
        return codec.decode(m);
    }

    /** Reads past KEEPALIVEs to the next other message. */
    BgpMessage readSkippingKeepalives() throws IOException, BgpError {
        while (true) {
            BgpMessage m = read();
            if (!(m instanceof BgpMessage.Keepalive)) {
                return m;
            }
        }
    }

    /** True when the speaker closed the connection (end of stream). */
    boolean closedByPeer() throws BgpError {
        try {
            while (true) {
                read();
            }
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
