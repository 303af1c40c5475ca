package io.tenet.shim.cni;

import io.tenet.shim.host.Links;
import io.tenet.shim.host.Ovs;
import io.tenet.shim.node.HostAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The host end of a container's attachment: its veth named after the endpoint id, its br-int port and the
 * ports published for it (recorded on the port's OVSDB record). What ADD makes, DEL, a failed ADD and GC remove.
 */
final class HostEnd {
    /** The OVSDB external id naming the CNI network (the netconf's {@code name}) an attachment was made by. */
    static final String NETWORK_ID = "tenet-cni-network";

    private HostEnd() {
    }

    /** The host end of a container's veth: "tn" and 11 hex digits of the endpoint id's SHA-1. */
    static String name(String endpointId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(endpointId.getBytes(StandardCharsets.UTF_8));
            return "tn" + HexFormat.of().formatHex(d).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ports published for the container on {@code hostIf}, as its OVSDB record holds them. */
    static List<String> published(String hostIf) {
        try {
            String v = Ovs.vsctl("--if-exists", "get", "interface", hostIf, "external_ids:tenet-published").strip();
            v = v.replace("\"", "");
            return v.isEmpty() ? List.of() : List.of(v.split(","));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static void unpublish(String hostIf) {
        HostAccess.unpublish(published(hostIf).stream().map(HostAccess.PortMapping::parse).toList());
    }

    /**
     * Removes the published ports, the br-int port and the veth, each step tried whatever the one before did (a
     * link removed detaches its port from the datapath anyway); the first failure is thrown once all are tried.
     */
    static void remove(String bridge, String hostIf) {
        RuntimeException failed = null;
        for (Runnable step : List.<Runnable>of(() -> unpublish(hostIf),
                () -> Ovs.vsctl("--if-exists", "del-port", bridge, hostIf), () -> Links.deleteIfExists(hostIf))) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
