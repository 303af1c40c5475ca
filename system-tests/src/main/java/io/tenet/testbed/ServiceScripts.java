package io.tenet.testbed;

/**
 * The Python programs that play providers and clients of a service in the system tests and the service
 * benchmarks (python3 is in Debian's base system; each runs in a container's namespace with {@code python3 -c}).
 */
public final class ServiceScripts {
    /**
     * A provider, {@code IP TCP_PORT UDP_PORT NAME}: answers each TCP connection and each datagram with its name,
     * and echoes lines on TCP. IP may be 0.0.0.0, to listen before the container has its address.
     */
    public static final String SERVER = String.join("\n", "import socketserver, sys, threading",
            "ip, tport, uport, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]",
            "class T(socketserver.StreamRequestHandler):",
            "    def handle(self):",
            "        self.wfile.write((name + '\\n').encode())",
            "        for line in self.rfile:",
            "            self.wfile.write(line)",
            "class U(socketserver.BaseRequestHandler):",
            "    def handle(self):",
            "        self.request[1].sendto((name + '\\n').encode(), self.client_address)",
            "for c in (socketserver.ThreadingTCPServer, socketserver.ThreadingUDPServer):",
            "    c.allow_reuse_address = True",
            "    c.daemon_threads = True",
            "    c.request_queue_size = 128",
            "u = socketserver.ThreadingUDPServer((ip, uport), U)",
            "threading.Thread(target=u.serve_forever, daemon=True).start()",
            "socketserver.ThreadingTCPServer((ip, tport), T).serve_forever()");
    /**
     * A client: {@code tcp|udp HOST PORT N} makes N calls, each on a new socket, and prints per call who answered
     * (or refused, timeout) and the seconds it took; {@code udp-stream HOST PORT} sends on one socket every 100 ms
     * forever and prints who answers; {@code tcp-stream HOST PORT} keeps one connection and prints "ok" per echoed
     * line, or "broken" and stops; {@code tcp-rate HOST PORT SECONDS} makes connections one after the other for
     * that long and prints how many were answered and how many failed; {@code tcp-watch HOST PORT [LIMIT]} connects
     * every 2 ms forever, giving each connection LIMIT seconds (default 1), and prints the wall-clock time and who
     * answered, or "timeout".
     */
    public static final String CLIENT = String.join("\n", "import socket, sys, time",
            "mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "def one(kind):",
            "    t = time.monotonic()",
            "    try:",
            "        if kind == 'tcp':",
            "            s = socket.create_connection((host, port), timeout=2)",
            "            out = s.makefile().readline().strip() or 'closed'",
            "        else:",
            "            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "            s.settimeout(2)",
            "            s.connect((host, port))",
            "            s.send(b'hello')",
            "            out = s.recv(100).decode().strip()",
            "        s.close()",
            "    except ConnectionRefusedError:",
            "        out = 'refused'",
            "    except OSError:",
            "        out = 'timeout'",
            "    return '%s %.6f' % (out, time.monotonic() - t)",
            "if mode in ('tcp', 'udp'):",
            "    for i in range(int(sys.argv[4])):",
            "        print(one(mode), flush=True)",
            "elif mode == 'udp-stream':",
            "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "    s.settimeout(0.5)",
            "    s.connect((host, port))",
            "    while True:",
            "        try:",
            "            s.send(b'hello')",
            "            print(s.recv(100).decode().strip(), flush=True)",
            "        except OSError:",
            "            print('none', flush=True)",
            "        time.sleep(0.1)",
            "elif mode == 'tcp-rate':",
            "    end, n, failed = time.monotonic() + float(sys.argv[4]), 0, 0",
            "    while time.monotonic() < end:",
            "        try:",
            "            s = socket.create_connection((host, port), timeout=2)",
            "            if s.makefile().readline():",
            "                n += 1",
            "            else:",
            "                failed += 1",
            "            s.close()",
            "        except OSError:",
            "            failed += 1",
            "    print(n, failed, flush=True)",
            "elif mode == 'tcp-watch':",
            "    limit = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0",
            "    while True:",
            "        try:",
            "            s = socket.create_connection((host, port), timeout=limit)",
            "            print('%.6f %s' % (time.time(), s.makefile().readline().strip()), flush=True)",
            "            s.close()",
            "        except OSError:",
            "            print('%.6f timeout' % time.time(), flush=True)",
            "        time.sleep(0.002)",
            "else:",
            "    s = socket.create_connection((host, port), timeout=2)",
            "    f = s.makefile('rw')",
            "    print('provider ' + f.readline().strip(), flush=True)",
            "    while True:",
            "        try:",
            "            f.write('x\\n')",
            "            f.flush()",
            "            ok = f.readline() == 'x\\n'",
            "        except OSError:",
            "            ok = False",
            "        print('ok' if ok else 'broken', flush=True)",
            "        if not ok:",
            "            break",
            "        time.sleep(0.1)");

    private ServiceScripts() {
    }
}
