package io.tenet.shim.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.tenet.shim.node.ControllerClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names follow the controller, and outlive it: in memory, and in the file a restarted agent reads. */
class DirectoryFeedTest {
    @Test
    void namesSurviveTheControllerGoingAwayAndTheAgentRestarting(@TempDir Path dir) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve(api, "/api/v1/tenants/", "[{\"tenantName\":\"t1\"}]");
        serve(api, "/api/v1/serviceLBs/", "[{\"tenantName\":\"t1\",\"serviceName\":\"svc\",\"ipAddress\":\"10.1.0.9\"},"
                + "{\"tenantName\":\"t1\",\"serviceName\":\"novip\",\"ipAddress\":\"\"}]");
        api.start();
        ControllerClient controller = new ControllerClient("http://127.0.0.1:" + api.getAddress().getPort());
        Path file = dir.resolve("dns.json");
        DirectoryFeed feed = new DirectoryFeed(controller, file);
        assertEquals(DnsDirectory.EMPTY, feed.get(), "nothing known before the first read");
        feed.refresh();
        DnsDirectory.Answer vip = new DnsDirectory.Answer.Address("10.1.0.9");
        assertEquals(vip, feed.get().resolve("svc.t1", Optional.empty()));
        assertEquals(List.of(new DnsDirectory.Service("t1", "svc", "10.1.0.9")), feed.get().services(),
                "a service without a VIP yet has no name");
        api.stop(0);
        feed.refresh();
        assertEquals(vip, feed.get().resolve("svc.t1", Optional.empty()), "kept while the controller is away");
        DirectoryFeed restarted = new DirectoryFeed(controller, file);
        restarted.refresh();
        assertEquals(vip, restarted.get().resolve("svc", Optional.of("t1")), "read back by a restarted agent");
        feed.close();
        restarted.close();
        Files.writeString(file, "not json");
        assertEquals(DnsDirectory.EMPTY, new DirectoryFeed(controller, file).get(), "an unreadable file is ignored");
    }

    private static void serve(HttpServer api, String path, String body) {
        api.createContext(path, ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
    }
}
