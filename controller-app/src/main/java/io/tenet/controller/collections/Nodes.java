package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import java.util.List;

/** {@code nodes}: the hosts, registered by {@code tenet-node init}; a switch is recognised by its datapath id. */
final class Nodes extends RecordCollection<String, Node> {
    Nodes() {
        super("nodes", "node", "nodeName", Node.class);
    }

    @Override
    public String keyOf(Node n) {
        return n.name();
    }

    @Override
    public String parseKey(String text) {
        return Names.check("nodeName", text);
    }

    @Override
    public Node admit(Node node, Node existing, ModelSnapshot s) {
        Node other = s.index(ModelIndexes.NODES_BY_DATAPATH).get(node.datapathId());
        if (other != null && !other.name().equals(node.name())) {
            throw new ValidationException(Kind.CONFLICT, "datapathId", "datapath id "
                    + Long.toHexString(node.datapathId()) + " is already registered by node " + other.name());
        }
        return node;
    }

    @Override
    public Node fromJson(String key, JsonBody b) {
        b.matchesKey("nodeName", key);
        long dpid = b.parsed("datapathId", Nodes::parseDpid, true);
        return new Node(key, b.parsed("tunnelIp", Ipv4::parse, true), dpid);
    }

    static long parseDpid(String text) {
        String hex = text.replace(":", "");
        if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("not a datapath id (up to 16 hex digits): '" + text + "'");
        }
        return Long.parseUnsignedLong(hex, 16);
    }

    @Override
    public ObjectNode toJson(Node n, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", n.name());
        o.put("nodeName", n.name());
        o.put("tunnelIp", n.tunnelIp().toString());
        o.put("datapathId", String.format("%016x", n.datapathId()));
        return o;
    }

    @Override
    protected ObjectNode oper(Node n, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("numEndpoints", ModelIndexes.endpointsOn(c.snapshot(), n.name()).size());
        c.switchOf(n.name()).ifPresent(st -> o.set("switch", SwitchView.of(st)));
        return o;
    }

    @Override
    public List<Column<Node>> columns() {
        return List.of(new Column<>("Node", (n, c) -> n.name()),
                new Column<>("Tunnel IP", (n, c) -> n.tunnelIp().toString()),
                new Column<>("Datapath", (n, c) -> String.format("%016x", n.datapathId())),
                new Column<>("Switch", (n, c) -> c.switchOf(n.name()).map(SwitchStatus::version)
                        .map(v -> "connected").orElse("disconnected")),
                new Column<>("Endpoints", (n, c) -> ModelIndexes.endpointsOn(c.snapshot(), n.name()).size()));
    }
}
