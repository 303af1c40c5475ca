package io.tenet.controller.api;

import java.util.Objects;

/**
 * One rule of a policy, as Contiv has it. An {@code in} rule admits traffic into the groups that carry the policy
 * and names its peer with from-fields only; an {@code out} rule governs traffic leaving them and names its peer
 * with to-fields only. At most one peer kind (group, network or address) per rule; none means any peer.
 *
 * @param protocol null for any protocol
 * @param port     0 for any port; only with tcp or udp
 */
public record Rule(RuleKey key, Direction direction, int priority, String peerGroup, String peerNetwork,
        Ipv4Prefix peerAddress, Protocol protocol, int port, Verdict action) {
    public Rule {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(action, "action");
        if (priority < 1 || priority > 100) {
            throw new ValidationException("priority", "priority must be 1-100, not " + priority);
        }
        peerGroup = peerGroup == null ? "" : peerGroup;
        peerNetwork = peerNetwork == null ? "" : peerNetwork;
        int peers = (peerGroup.isEmpty() ? 0 : 1) + (peerNetwork.isEmpty() ? 0 : 1) + (peerAddress == null ? 0 : 1);
        if (peers > 1) {
            throw new ValidationException(direction == Direction.IN ? "fromEndpointGroup" : "toEndpointGroup",
                    "a rule names at most one peer: an endpoint group, a network or an address");
        }
        if (port < 0 || port > 65535) {
            throw new ValidationException("port", "port must be 0-65535, not " + port);
        }
        if (port != 0 && (protocol == null || !protocol.hasPorts())) {
            throw new ValidationException("port", "a port needs protocol tcp or udp");
        }
    }

    /** {@code tenant:policy:ruleId}. */
    public record RuleKey(String tenant, String policy, String ruleId) implements Comparable<RuleKey> {
        public RuleKey {
            Names.check("tenantName", tenant);
            Names.check("policyName", policy);
            Names.check("ruleId", ruleId);
        }

        public static RuleKey parse(String key) {
            String[] p = Names.splitKey(key, 3, "rule key must be 'tenant:policy:ruleId'");
            return new RuleKey(p[0], p[1], p[2]);
        }

        public ScopedKey policyKey() {
            return new ScopedKey(tenant, policy);
        }

        @Override
        public int compareTo(RuleKey o) {
            int c = tenant.compareTo(o.tenant);
            if (c == 0) {
                c = policy.compareTo(o.policy);
            }
            return c != 0 ? c : ruleId.compareTo(o.ruleId);
        }

        @Override
        public String toString() {
            return tenant + ":" + policy + ":" + ruleId;
        }
    }

    /** Which traffic a rule governs, seen from the groups that carry its policy. */
    public enum Direction {
        IN, OUT;

        public static Direction parse(String s) {
            if ("in".equals(s)) {
                return IN;
            }
            if ("out".equals(s)) {
                return OUT;
            }
            throw new ValidationException("direction", "direction must be 'in' or 'out', not '" + s + "'");
        }

        public String wire() {
            return this == IN ? "in" : "out";
        }
    }

    /** What a matching rule does to a new connection. */
    public enum Verdict {
        ALLOW, DENY;

        public static Verdict parse(String s) {
            if ("allow".equals(s)) {
                return ALLOW;
            }
            if ("deny".equals(s)) {
                return DENY;
            }
            throw new ValidationException("action", "action must be 'allow' or 'deny', not '" + s + "'");
        }

        public String wire() {
            return this == ALLOW ? "allow" : "deny";
        }
    }

    /** An IP protocol: tcp, udp, icmp, or a number. */
    public record Protocol(int number) {
        public static final Protocol TCP = new Protocol(6);
        public static final Protocol UDP = new Protocol(17);
        public static final Protocol ICMP = new Protocol(1);

        public Protocol {
            if (number < 0 || number > 255) {
                throw new ValidationException("protocol", "protocol number must be 0-255, not " + number);
            }
        }

        public static Protocol parse(String s) {
            if (s == null || s.isEmpty()) {
                return null;
            }
            return switch (s) {
                case "tcp" -> TCP;
                case "udp" -> UDP;
                case "icmp" -> ICMP;
                default -> {
                    if (!s.matches("\\d{1,3}")) {
                        throw new ValidationException("protocol", "protocol must be tcp, udp, icmp or a number, not '"
                                + s + "'");
                    }
                    yield new Protocol(Integer.parseInt(s));
                }
            };
        }

        public boolean hasPorts() {
            return number == 6 || number == 17;
        }

        public String wire() {
            return number == 6 ? "tcp" : number == 17 ? "udp" : number == 1 ? "icmp" : Integer.toString(number);
        }
    }
}
