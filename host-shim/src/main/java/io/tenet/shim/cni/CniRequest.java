package io.tenet.shim.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.shim.node.HostAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One plugin invocation: the CNI_* environment and the network configuration from stdin, validated. Netconf
 * fields: {@code api}, {@code tenant}, {@code network}, optional {@code endpointGroup}, {@code mtu} and
 * {@code labels} (an object of strings); {@code CNI_ARGS} keys {@code TENET_TENANT}, {@code TENET_NETWORK},
 * {@code TENET_GROUP} override them, and {@code TENET_LABELS} ({@code app:web,tier:db}, since a CNI_ARGS value
 * cannot hold '=') adds labels over the netconf's.
 */
public record CniRequest(String command, String containerId, String netns, String ifName, Map<String, String> args,
        JsonNode config, String cniVersion) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int DEFAULT_MTU = 1450;
    public static final List<String> COMMANDS = List.of("ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION");
    /** The commands about one attachment, which name its container and interface. */
    private static final List<String> ATTACHMENT_COMMANDS = List.of("ADD", "DEL", "CHECK");

    public static CniRequest parse(Map<String, String> env, byte[] stdin) throws CniException {
        String command = env.getOrDefault("CNI_COMMAND", "");
        if (command.isEmpty()) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_COMMAND is not set",
                    "set CNI_COMMAND to one of " + COMMANDS);
        }
        JsonNode config = null;
        String version = "1.0.0";
        if (stdin != null && stdin.length > 0) {
            try {
                config = JSON.readTree(stdin);
            } catch (IOException e) {
                throw new CniException(CniException.DECODE_FAILURE, "network configuration on stdin is not valid JSON",
                        firstLine(String.valueOf(e.getMessage())));
            }
            if (config == null || !config.isObject()) {
                throw new CniException(CniException.DECODE_FAILURE, "network configuration must be a JSON object");
            }
            version = config.path("cniVersion").asText("1.0.0");
        }
        Map<String, String> args = new LinkedHashMap<>();
        String cniArgs = env.getOrDefault("CNI_ARGS", "");
        for (String kv : cniArgs.split(";")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_ARGS entry '" + kv
                        + "' is not KEY=VALUE");
            }
            args.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        CniRequest r = new CniRequest(command, env.getOrDefault("CNI_CONTAINERID", ""),
                env.getOrDefault("CNI_NETNS", ""), env.getOrDefault("CNI_IFNAME", ""), Map.copyOf(args), config,
                version);
        if (!command.equals("VERSION") && config == null) {
            throw new CniException(CniException.DECODE_FAILURE, "no network configuration on stdin");
        }
        if (ATTACHMENT_COMMANDS.contains(command)) {
            r.require("CNI_CONTAINERID", r.containerId);
            r.require("CNI_IFNAME", r.ifName);
            if (!r.containerId.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_CONTAINERID '" + r.containerId
                        + "' must be letters, digits, '_', '.' or '-'");
            }
            if (!r.ifName.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_IFNAME '" + r.ifName
                        + "' must be a valid interface name of at most 15 characters");
            }
        }
        if (command.equals("ADD") || command.equals("CHECK")) {
            r.require("CNI_NETNS", r.netns);
        }
        return r;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void require(String name, String value) throws CniException {
        if (value == null || value.isEmpty()) {
            throw new CniException(CniException.INVALID_ENVIRONMENT, name + " is not set",
                    "the container runtime must set " + name + " for " + command);
        }
    }

    /** A netconf string, overridden by a CNI_ARGS key when one is given. */
    String setting(String field, String argKey, boolean required) throws CniException {
        String value = argKey == null ? null : args.get(argKey);
        if (value == null || value.isEmpty()) {
            JsonNode v = config.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw new CniException(CniException.INVALID_CONFIG, "netconf field '" + field + "' must be a string");
            }
            value = v == null || v.isNull() ? "" : v.asText();
        }
        if (required && value.isEmpty()) {
            throw new CniException(CniException.INVALID_CONFIG, "netconf field '" + field + "' is required"
                    + (argKey == null ? "" : " (or CNI_ARGS " + argKey + ")"));
        }
        return value;
    }

    /** The netconf's {@code mtu}, a cap on the MTU the host derives; 0 when it gives none. */
    int mtu() throws CniException {
        JsonNode v = config.get("mtu");
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asInt() < 576 || v.asInt() > 9000) {
            throw new CniException(CniException.INVALID_CONFIG, "netconf field 'mtu' must be an integer 576-9000");
        }
        return v.asInt();
    }

    /**
     * The endpoint's labels: the netconf's {@code labels} object, then {@code TENET_LABELS} pairs over it. Their
     * syntax is checked by the controller, which names the label in its refusal.
     */
    /**
     * The ports to publish, from {@code runtimeConfig.portMappings} (the CNI {@code portMappings} capability:
     * {@code hostPort}, {@code containerPort}, {@code protocol}); a {@code hostIP} other than empty or 0.0.0.0
     * is refused, as Tenet publishes on every address of the host.
     */
    List<HostAccess.PortMapping> portMappings() throws CniException {
        JsonNode list = config.path("runtimeConfig").path("portMappings");
        List<HostAccess.PortMapping> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new CniException(CniException.INVALID_CONFIG, "runtimeConfig.portMappings must be a list");
        }
        for (JsonNode m : list) {
            String hostIp = m.path("hostIP").asText("");
            if (!hostIp.isEmpty() && !hostIp.equals("0.0.0.0")) {
                throw new CniException(CniException.INVALID_CONFIG, "runtimeConfig.portMappings: hostIP " + hostIp
                        + " is not supported; Tenet publishes on every address of the host (leave hostIP empty)");
            }
            if (!m.path("hostPort").canConvertToInt() || !m.path("containerPort").canConvertToInt()
                    || !m.path("hostPort").isIntegralNumber() || !m.path("containerPort").isIntegralNumber()) {
                throw new CniException(CniException.INVALID_CONFIG, "runtimeConfig.portMappings: hostPort and "
                        + "containerPort must be integers 1-65535");
            }
            try {
                out.add(new HostAccess.PortMapping(m.path("protocol").asText(""),
                        m.path("hostPort").asInt(), m.path("containerPort").asInt()));
            } catch (IllegalArgumentException e) {
                throw new CniException(CniException.INVALID_CONFIG, "runtimeConfig.portMappings: " + e.getMessage());
            }
        }
        return out;
    }

    Map<String, String> labels() throws CniException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = config.get("labels");
        if (v != null && !v.isNull()) {
            if (!v.isObject()) {
                throw new CniException(CniException.INVALID_CONFIG, "netconf field 'labels' must be an object of strings");
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
                if (!e.getValue().isTextual()) {
                    throw new CniException(CniException.INVALID_CONFIG, "netconf label '" + e.getKey()
                            + "' must be a string");
                }
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        String arg = args.get("TENET_LABELS");
        if (arg != null && !arg.isEmpty()) {
            for (String pair : arg.split(",")) {
                int colon = pair.indexOf(':');
                if (colon <= 0) {
                    throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_ARGS TENET_LABELS entry '" + pair
                            + "' is not key:value", "write labels as TENET_LABELS=app:web,tier:db");
                }
                out.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        return out;
    }

    /** The endpoint id Tenet uses for this container interface. */
    String endpointId() {
        return endpointId(containerId, ifName);
    }

    static String endpointId(String containerId, String ifName) {
        return containerId + "-" + ifName;
    }

    /** The netconf's {@code name}: the CNI network this invocation is for; empty when it has none. */
    String networkName() {
        return config == null ? "" : config.path("name").asText("");
    }

    /**
     * GC's {@code cni.dev/valid-attachments}: the endpoint ids of the attachments to this network that are still
     * valid (every other attachment this network made may be removed).
     */
    java.util.Set<String> validAttachments() throws CniException {
        JsonNode list = config.path("cni.dev/valid-attachments");
        if (list.isMissingNode() || list.isNull()) {
            throw new CniException(CniException.INVALID_CONFIG, "GC needs cni.dev/valid-attachments",
                    "an empty list means that no attachment of this network is still valid");
        }
        if (!list.isArray()) {
            throw new CniException(CniException.INVALID_CONFIG, "cni.dev/valid-attachments must be a list");
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (JsonNode a : list) {
            if (!a.path("containerID").isTextual() || !a.path("ifname").isTextual()) {
                throw new CniException(CniException.INVALID_CONFIG, "cni.dev/valid-attachments: each entry needs"
                        + " string fields containerID and ifname, not " + a);
            }
            out.add(endpointId(a.path("containerID").asText(), a.path("ifname").asText()));
        }
        return out;
    }
}
