package io.tenet.shim.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each command needs from the runtime (CNI 1.1): GC and STATUS name no attachment, ADD/DEL/CHECK do. */
class CniRequestTest {
    private static CniRequest parse(String command, String netconf) throws CniException {
        return CniRequest.parse(Map.of("CNI_COMMAND", command), netconf.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gcNeedsNoAttachmentAndReadsTheValidOnes() throws CniException {
        CniRequest r = parse("GC", "{\"cniVersion\":\"1.1.0\",\"name\":\"tenet\",\"cni.dev/valid-attachments\":"
                + "[{\"containerID\":\"c1\",\"ifname\":\"eth0\"},{\"containerID\":\"c2\",\"ifname\":\"net1\"}]}");
        assertEquals("tenet", r.networkName());
        assertEquals(Set.of("c1-eth0", "c2-net1"), r.validAttachments());
        assertEquals(Set.of(), parse("GC", "{\"name\":\"n\",\"cni.dev/valid-attachments\":[]}").validAttachments());
        parse("STATUS", "{\"cniVersion\":\"1.1.0\",\"name\":\"tenet\"}");
    }

    @Test
    void aBadValidListIsAnInvalidConfig() throws CniException {
        for (String list : new String[] {"", ",\"cni.dev/valid-attachments\":{}",
            ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\"}]",
            ",\"cni.dev/valid-attachments\":[{\"containerID\":1,\"ifname\":\"eth0\"}]"}) {
            CniRequest r = parse("GC", "{\"name\":\"n\"" + list + "}");
            CniException e = assertThrows(CniException.class, r::validAttachments, list);
            assertEquals(CniException.INVALID_CONFIG, e.code(), list);
        }
    }

    @Test
    void attachmentCommandsStillNeedTheirContainer() {
        for (String command : new String[] {"ADD", "DEL", "CHECK"}) {
            CniException e = assertThrows(CniException.class, () -> parse(command, "{\"name\":\"n\"}"), command);
            assertEquals(CniException.INVALID_ENVIRONMENT, e.code(), command);
        }
        CniException none = assertThrows(CniException.class, () -> CniRequest.parse(Map.of("CNI_COMMAND", "GC"),
                new byte[0]));
        assertEquals(CniException.DECODE_FAILURE, none.code());
    }
}
