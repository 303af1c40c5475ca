package io.tenet.controller.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a packet from one endpoint reaches another, or does not: the first packet of a new connection walked through
 * the flows the controller compiled for the switches it crosses (docs/trace.md). Nothing is sent on the wire.
 */
public interface TraceService {
    /**
     * Traces one packet.
     *
     * @throws ValidationException naming the parameter at fault: an unknown endpoint is a 404 on {@code from} or
     *                             {@code to}, a bad protocol or port a 400
     */
    TraceResult trace(TraceRequest request);

    /**
     * What to trace: from an endpoint (its id) to an endpoint id or an IPv4 address, by protocol ({@code tcp},
     * {@code udp} or {@code icmp}, an echo request) and destination port (1-65535; 0 for icmp).
     */
    record TraceRequest(String from, String to, String protocol, int port) {
        public static final List<String> PROTOCOLS = List.of("tcp", "udp", "icmp");

        public TraceRequest {
            if (from == null || from.isBlank()) {
                throw new ValidationException("from", "from is required: the id of the endpoint the packet leaves");
            }
            if (to == null || to.isBlank()) {
                throw new ValidationException("to", "to is required: an endpoint id or an IPv4 address");
            }
            protocol = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw new ValidationException("protocol", "protocol must be tcp, udp or icmp, not '" + protocol + "'");
            }
            if (protocol.equals("icmp") ? port != 0 : port < 1 || port > 65535) {
                throw new ValidationException("port", protocol.equals("icmp") ? "icmp takes no port"
                        : "port must be 1-65535 for " + protocol + ", not " + port);
            }
        }

        /** The IP protocol number. */
        public int number() {
            return switch (protocol) {
                case "tcp" -> 6;
                case "udp" -> 17;
                default -> 1;
            };
        }
    }

    /**
     * One table the packet passed on one switch: the flow that matched it (its priority, ovs-ofctl text and owner),
     * or its miss (priority -1), and what happened there when worth saying.
     */
    record Hop(String node, String table, int tableId, int priority, String owner, String flow, String note) {
    }

    /** Where the packet left the last switch: the node, the OpenFlow port and its name, and what is behind it. */
    record Output(String node, int port, String portName, String reaches) {
    }

    /**
     * The outcome: {@code allow} when the packet reaches its destination, else {@code deny}; the policy rule that
     * decided ({@code tenant:policy:ruleId}), if a rule did; why, in words; the resolved destination MAC; every hop;
     * and where it left (null when it did not).
     */
    record TraceResult(String verdict, String rule, String reason, String destinationMac, List<Hop> hops,
            Output output) {
        public TraceResult {
            hops = List.copyOf(hops);
        }

        /** The tables passed, in order, as {@code node/TABLE}. */
        public List<String> tables() {
            List<String> out = new ArrayList<>();
            hops.forEach(h -> out.add(h.node() + "/" + h.table()));
            return out;
        }

        public boolean allowed() {
            return verdict.equals("allow");
        }
    }
}
