package io.tenet.bgp;

import io.tenet.bgp.api.BgpSpeaker;
import io.tenet.bgp.api.SpeakerSettings;
import io.tenet.bgp.speaker.NettySpeaker;

/** The entry point of the BGP bundle: starts a speaker; the only exported class that knows the implementation. */
public final class Bgp {
    private Bgp() {
    }

    /**
     * Starts a speaker listening as {@code settings} say.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static BgpSpeaker start(SpeakerSettings settings) {
        return NettySpeaker.start(settings);
    }
}
