/**
 * What other bundles use of the BGP speaker: {@link io.tenet.bgp.api.BgpSpeaker} (peers, announcements, the
 * routes learned), {@link io.tenet.bgp.api.PeerConfig}, {@link io.tenet.bgp.api.PeerStatus} with its
 * {@link io.tenet.bgp.api.SessionState}, {@link io.tenet.bgp.api.Route} and {@link io.tenet.bgp.api.Prefix}.
 * Nothing here knows of containers or networks.
 */
package io.tenet.bgp.api;
