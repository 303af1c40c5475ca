package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code aciGws}: Contiv's one ACI gateway object, key {@code aciGw} (docs/aci.md), with Contiv's fields
 * ({@code pathBindings} and {@code nodeBindings} comma-separated, {@code enforcePolicies} and
 * {@code includeCommonTenant} as {@code yes}/{@code no}) and Tenet's APIC connection settings. The secrets are
 * write-only: a GET shows whether each is set, never its value.
 */
final class AciGws extends SingleRecordCollection<AciGw> {
    /** Room for a PEM key or certificate (an RSA 4096 key is about 3.3 KB). */
    static final int MAX_PEM = 16 * 1024;

    AciGws() {
        super("aciGws", "ACI gateway", AciGw.NAME, AciGw.class);
    }

    @Override
    public AciGw fromJson(String key, JsonBody b) {
        b.matchesKey("name", key);
        List<URI> urls = new ArrayList<>();
        for (String u : b.texts("apicUrls")) {
            urls.add(AciGw.url(u));
        }
        return new AciGw(commaList(b.text("pathBindings")), commaList(b.text("nodeBindings")), b.text("physicalDomain"),
                yesNo(b, "enforcePolicies", true), yesNo(b, "includeCommonTenant", false), urls,
                b.text("apicUsername"), b.text("apicPassword"), b.text("apicPrivateKey", MAX_PEM),
                b.text("apicCertName"), b.text("apicCaCert", MAX_PEM), b.bool("dryRun"));
    }

    /** A write keeps the stored secrets it does not give. */
    @Override
    public AciGw admit(AciGw request, AciGw existing, ModelSnapshot current) {
        return request.keepingSecretsOf(existing);
    }

    private static List<String> commaList(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String p : text.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    /** Contiv's "yes"/"no"; absent or empty: {@code otherwise}. */
    private static boolean yesNo(JsonBody b, String field, boolean otherwise) {
        String v = b.text(field);
        if (v == null) {
            return otherwise;
        }
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            case "" -> otherwise;
            default -> throw new ValidationException(field, field + " must be \"yes\" or \"no\", not '" + v + "'");
        };
    }

    @Override
    public ObjectNode toJson(AciGw g, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", AciGw.NAME);
        o.put("name", AciGw.NAME);
        o.put("pathBindings", String.join(",", g.pathBindings()));
        o.put("nodeBindings", String.join(",", g.nodeBindings()));
        o.put("physicalDomain", g.physicalDomain());
        o.put("enforcePolicies", g.enforcePolicies() ? "yes" : "no");
        o.put("includeCommonTenant", g.includeCommonTenant() ? "yes" : "no");
        ArrayNode urls = o.putArray("apicUrls");
        g.apicUrls().forEach(u -> urls.add(u.toString()));
        o.put("apicUsername", g.apicUsername());
        o.put("apicPasswordSet", !g.apicPassword().isEmpty());
        o.put("apicPrivateKeySet", !g.apicPrivateKey().isEmpty());
        o.put("apicCertName", g.apicCertName());
        o.put("apicCaCert", g.apicCaCert());
        o.put("dryRun", g.dryRun());
        return o;
    }

    @Override
    protected ObjectNode oper(AciGw g, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Global global = c.snapshot().get(ModelCollections.GLOBALS).get(Global.NAME);
        o.put("aciMode", global != null && global.networkInfraType() == Global.InfraType.ACI);
        c.status().view(AciGw.BRIDGE_STATUS).ifPresentOrElse(b -> o.set("bridge", b),
                () -> o.put("bridge", "not running: the aci-bridge module is not installed in this controller"));
        return o;
    }

    @Override
    public List<Column<AciGw>> columns() {
        return List.of(new Column<>("Name", (g, c) -> AciGw.NAME),
                new Column<>("APIC", (g, c) -> g.apicUrls().isEmpty() ? "-" : g.apicUrls().get(0)),
                new Column<>("Enforce", (g, c) -> g.enforcePolicies() ? "yes" : "no"),
                new Column<>("Dry run", (g, c) -> g.dryRun()));
    }
}
