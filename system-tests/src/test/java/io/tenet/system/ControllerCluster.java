package io.tenet.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.store.etcd.EtcdCluster;
import io.tenet.testbed.Api;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Standalone controllers on a 3-member etcd, every host's switch connected to all of them (`tenet-node init` with
 * the list of every controller's OpenFlow target and API): the testbed of the failover test and benchmark, with
 * what they ask of it, each controller's role on each switch.
 */
final class ControllerCluster implements AutoCloseable {
    final EtcdCluster etcd;
    final Testbed tb;
    final List<Api> apis = new ArrayList<>();

    private ControllerCluster(EtcdCluster etcd, Testbed tb) {
        this.etcd = etcd;
        this.tb = tb;
    }

    /** {@code controllers} controllers and {@code hosts} hosts; returns once every switch has one master. */
    static ControllerCluster start(Path home, int controllers, int hosts) throws Exception {
        EtcdCluster etcd = EtcdCluster.start(3);
        ControllerCluster c = null;
        try {
            c = new ControllerCluster(etcd, Testbed.start(home, hosts, Testbed.Backend.STANDALONE, null,
                    etcd.storeSetting()));
            c.apis.add(c.tb.api());
            for (int i = 1; i < controllers; i++) {
                c.apis.add(c.tb.addController());
            }
            for (Host h : c.tb.hosts()) {
                Sh.Result init = c.tb.nodeInit(h, c.tb.controllerTargets(), c.tb.apiList());
                if (!init.ok()) {
                    throw new IllegalStateException("tenet-node init: " + init.out() + init.err());
                }
            }
            ControllerCluster started = c;
            Poll.require(Duration.ofSeconds(30), () -> "one master per switch: " + started.roles(),
                    () -> started.oneMasterEach(started.apis));
            return c;
        } catch (Exception | Error e) {
            if (c != null) {
                c.close();
            } else {
                etcd.close();
            }
            throw e;
        }
    }

    /** Each controller's role on each switch, by datapath id: {@code <api>=MASTER} and so on. */
    Map<String, List<String>> roles() {
        Map<String, List<String>> out = new HashMap<>();
        for (Api api : apis) {
            Api.Reply r = api.get("/api/v1/switches/");
            if (r.status() != 200) {
                continue;
            }
            for (JsonNode s : r.body()) {
                out.computeIfAbsent(s.path("datapathId").asText(), k -> new ArrayList<>()).add(api.base() + "="
                        + s.path("role").asText());
            }
        }
        return out;
    }

    /** Every switch is connected to each of {@code alive}, exactly one of which is its MASTER, the others SLAVE. */
    boolean oneMasterEach(List<Api> alive) {
        Map<String, List<String>> roles = roles();
        if (roles.size() != tb.hosts().size()) {
            return false;
        }
        for (List<String> r : roles.values()) {
            if (r.size() != alive.size() || r.stream().filter(x -> x.endsWith("=MASTER")).count() != 1
                    || r.stream().filter(x -> x.endsWith("=SLAVE")).count() != alive.size() - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the roles have stayed the same, one master per switch, for longer than the mastership takes to
     * hand a switch over to its preferred controller (two checks of a second each), so the master stays master.
     */
    void awaitSettledRoles() {
        long[] since = {System.nanoTime()};
        List<Map<String, List<String>>> last = new ArrayList<>(List.of(roles()));
        Poll.require(Duration.ofSeconds(30), () -> "settled roles: " + roles(), () -> {
            Map<String, List<String>> now = roles();
            if (!now.equals(last.get(0)) || !oneMasterEach(apis)) {
                last.set(0, now);
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofMillis(3500).toNanos();
        });
    }

    /** The index of the controller among {@code among} that is master of {@code h}'s switch, -1 if none. */
    int masterOf(Host h, List<Integer> among) {
        for (int i : among) {
            Api.Reply r = apis.get(i).get("/api/v1/switches/");
            if (r.status() == 200) {
                for (JsonNode s : r.body()) {
                    if (s.path("nodeName").asText().equals(tb.nodeName(h))
                            && s.path("role").asText().equals("MASTER")) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            tb.close();
        } finally {
            etcd.close();
        }
    }
}
