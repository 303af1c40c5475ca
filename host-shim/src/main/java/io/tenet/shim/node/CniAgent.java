package io.tenet.shim.node;

import io.tenet.shim.CniMain;
import io.tenet.shim.cni.CniInvocation;
import io.tenet.shim.host.Daemons;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent: serves CNI calls forwarded by {@code tenet-cni} on {@code $TENET_RUNDIR/cni.sock}, so that
 * each call costs a small client JVM plus the work, not a full JVM with JSON and HTTP stacks.
 */
public final class CniAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CniAgent.class);
    private final ServerSocketChannel server;
    private final Path socket;
    private final Runnable afterCall;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, Daemons.named("tenet-cni-call"));

    public CniAgent(Path socket) throws IOException {
        this(socket, () -> { });
    }

    /** {@code afterCall} runs after every CNI call (ports may have changed hands). */
    public CniAgent(Path socket, Runnable afterCall) throws IOException {
        this.socket = socket;
        this.afterCall = afterCall;
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    public static Path defaultSocket() {
        return NodeState.runDir().resolve(CniMain.SOCKET);
    }

    /** Serves until closed. */
    public void serve() {
        log.info("tenet-node agent serving CNI calls on {}", socket);
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                workers.execute(() -> handle(ch));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("Accepting a CNI call on {} failed: {}", socket, e.toString());
                }
            }
        }
    }

    private void handle(SocketChannel ch) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            byte[] all = in.readAllBytes();
            Map<String, String> env = new HashMap<>();
            int pos = 0;
            while (pos < all.length) {
                int nl = pos;
                while (nl < all.length && all[nl] != '\n') {
                    nl++;
                }
                String line = new String(all, pos, nl - pos, StandardCharsets.UTF_8);
                pos = nl + 1;
                if (line.isEmpty()) {
                    break;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            byte[] stdin = pos >= all.length ? new byte[0] : java.util.Arrays.copyOfRange(all, pos, all.length);
            long start = System.nanoTime();
            CniInvocation.Outcome o = CniInvocation.handle(env, stdin);
            afterCall.run();
            log.info("CNI {} {} {}: exit {} in {} ms", env.get("CNI_COMMAND"), env.get("CNI_CONTAINERID"),
                    env.get("CNI_IFNAME"), o.exitCode(), (System.nanoTime() - start) / 1_000_000);
            byte[] out = (o.exitCode() + "\n" + o.stdout()).getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(out);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("A CNI call failed in transport: {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
