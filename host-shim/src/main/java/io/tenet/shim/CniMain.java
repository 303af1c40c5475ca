package io.tenet.shim;

import io.tenet.shim.cni.CniInvocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tenet-cni}: the CNI plugin binary. It forwards the call to the host's {@code tenet-node agent} over its
 * unix socket ({@code $TENET_RUNDIR/cni.sock}), where a warm JVM does the work; with no agent running it does
 * the same work in this process. This class touches nothing but java.base, so that the JVM starts fast.
 *
 * <p>Wire format to the agent: {@code KEY=VALUE} lines of the CNI environment, an empty line, then stdin; the
 * agent answers with the exit code on one line, then what to print.
 */
public final class CniMain {
    public static final String SOCKET = "cni.sock";

    private CniMain() {
    }

    public static void main(String[] args) throws IOException {
        byte[] stdin = System.in.readAllBytes();
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("CNI_")) {
                env.put(k, v);
            }
        });
        String dir = System.getenv("TENET_RUNDIR");
        Path socket = Path.of(dir == null || dir.isEmpty() ? "/run/tenet" : dir, SOCKET);
        int code;
        byte[] out;
        if (Files.exists(socket)) {
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            code = forward(socket, env, stdin, reply);
            out = reply.toByteArray();
        } else {
            CniInvocation.Outcome o = CniInvocation.handle(env, stdin);
            code = o.exitCode();
            out = o.stdout().getBytes(StandardCharsets.UTF_8);
        }
        OutputStream stdout = System.out;
        stdout.write(out);
        stdout.flush();
        System.exit(code);
    }

    private static int forward(Path socket, Map<String, String> env, byte[] stdin, ByteArrayOutputStream reply)
            throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder head = new StringBuilder();
            env.forEach((k, v) -> head.append(k).append('=').append(v).append('\n'));
            head.append('\n');
            byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.allocate(h.length + stdin.length).put(h).put(stdin).flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.shutdownOutput();
            InputStream in = Channels.newInputStream(ch);
            byte[] all = in.readAllBytes();
            int nl = indexOf(all, (byte) '\n');
            if (nl < 0) {
                reply.write(("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"tenet-node agent at " + socket
                        + " closed the connection without an answer\",\"details\":\"see the agent's log\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            reply.write(all, nl + 1, all.length - nl - 1);
            return Integer.parseInt(new String(all, 0, nl, StandardCharsets.US_ASCII).trim());
        }
    }

    static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
