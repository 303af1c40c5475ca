package io.tenet.bgp.api;

/**
 * A speaker's identity and where it listens.
 *
 * @param localAs its AS (4-octet)
 * @param routerId its BGP identifier (IPv4 as an int, not 0)
 * @param listenAddress the address neighbours connect to (IPv4 as an int; 0 for every address)
 * @param listenPort the TCP port (179; 0 for any free port, read back with {@link BgpSpeaker#listenPort()})
 */
public record SpeakerSettings(long localAs, int routerId, int listenAddress, int listenPort) {
    public SpeakerSettings {
        if (localAs <= 0 || localAs > 0xffffffffL) {
            throw new IllegalArgumentException("AS " + localAs + " is not 1-4294967295");
        }
        if (routerId == 0) {
            throw new IllegalArgumentException("the router id must not be 0.0.0.0");
        }
    }
}
