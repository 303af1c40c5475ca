package io.tenet.bgp.speaker;

import io.netty.util.concurrent.ScheduledFuture;
import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.api.PeerConfig;
import io.tenet.bgp.api.PeerStatus;
import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.Route;
import io.tenet.bgp.api.SessionState;
import io.tenet.bgp.wire.BgpCodec;
import io.tenet.bgp.wire.BgpError;
import io.tenet.bgp.wire.BgpMessage;
import io.tenet.bgp.wire.Capabilities;
import io.tenet.bgp.wire.PathAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one neighbour (RFC 4271 section 8), on the speaker's thread: connection attempts with
 * exponential back-off, the OPEN exchange and its checks, collision resolution, timers, and what is sent and
 * learned once Established.
 */
final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final long DEFAULT_LOCAL_PREF = 100;

    final PeerConfig config;
    private final NettySpeaker speaker;
    private final List<Connection> connections = new ArrayList<>(2);
    private Connection established;
    private SessionState state = SessionState.IDLE;
    private Instant since = Instant.now();
    private String lastError = "";
    private int flaps;
    private Duration backoff;
    private ScheduledFuture<?> retry;
    private boolean stopped;
    /** The prefixes the neighbour was last sent as reachable, on the Established connection. */
    private final Set<Prefix> sent = new HashSet<>();

    Session(NettySpeaker speaker, PeerConfig config) {
        this.speaker = speaker;
        this.config = config;
        this.backoff = config.connectRetry();
    }

    void start() {
        if (config.passive()) {
            setState(SessionState.ACTIVE);
        } else {
            connect();
        }
    }

    /** Ends the session for good: a Cease to the neighbour, its routes forgotten. */
    void stop(int ceaseSubcode) {
        stopped = true;
        if (retry != null) {
            retry.cancel(false);
        }
        for (Connection c : List.copyOf(connections)) {
            c.fail(new BgpMessage.Notification(BgpError.CEASE, ceaseSubcode, new byte[0]));
        }
        down(null);
        setState(SessionState.IDLE);
    }

    private void connect() {
        if (stopped || !connections.isEmpty()) {
            return;
        }
        setState(SessionState.CONNECT);
        Connection c = new Connection(this, true);
        connections.add(c);
        speaker.connect(c, config).addListener(f -> {
            if (!f.isSuccess()) {
                connections.remove(c);
                lastError = "connect: " + f.cause().getMessage();
                retryLater();
            }
        });
    }

    private void retryLater() {
        if (stopped || config.passive()) {
            setState(SessionState.ACTIVE);
            return;
        }
        setState(SessionState.ACTIVE);
        if (retry != null) {
            retry.cancel(false);
        }
        retry = speaker.loop().schedule(this::connect, backoff.toMillis(), TimeUnit.MILLISECONDS);
        Duration next = backoff.multipliedBy(2);
        backoff = next.compareTo(PeerConfig.MAX_RETRY) > 0 ? PeerConfig.MAX_RETRY : next;
    }

    /** An inbound connection from this neighbour's address. */
    void accepted(Connection c) {
        if (stopped) {
            c.close();
            return;
        }
        connections.add(c);
    }

    /** TCP is up: send OPEN (RFC 4271 8.2.2, Connect state, TCP connection succeeds). */
    void connected(Connection c) {
        if (retry != null) {
            retry.cancel(false);
        }
        c.state = SessionState.OPEN_SENT;
        c.send(new BgpMessage.Open(4, speaker.localAs() > 0xffff ? BgpMessage.Open.AS_TRANS
                : (int) speaker.localAs(), (int) config.holdTime().toSeconds(), speaker.routerId(),
                Capabilities.offered(speaker.localAs())));
        refreshState();
    }

    void received(Connection c, BgpMessage m) {
        if (m instanceof BgpMessage.Open o) {
            open(c, o);
        } else if (m instanceof BgpMessage.Keepalive) {
            if (c.state == SessionState.OPEN_CONFIRM) {
                establish(c);
            } else if (c.state != SessionState.ESTABLISHED) {
                fsmError(c, 1, "KEEPALIVE in " + c.state.display());
            }
        } else if (m instanceof BgpMessage.Update u) {
            if (c.state != SessionState.ESTABLISHED) {
                fsmError(c, c.state == SessionState.OPEN_SENT ? 1 : 2, "UPDATE in " + c.state.display());
                return;
            }
            update(u);
        } else if (m instanceof BgpMessage.Notification n) {
            lastError = "received " + n;
            log.info("BGP {}: {}", config.peer(), lastError);
            c.close();
        } else if (m instanceof BgpMessage.RouteRefresh rr) {
            if (c == established && rr.afi() == 1 && rr.safi() == 1) {
                sent.clear(); // the neighbour asked for everything again
                sync();
            }
        }
    }

    private void open(Connection c, BgpMessage.Open o) {
        if (c.state != SessionState.OPEN_SENT) {
            fsmError(c, c.state == SessionState.OPEN_CONFIRM ? 2 : 3, "OPEN in " + c.state.display());
            return;
        }
        if (o.as() != config.peerAs()) {
            protocolError(c, new BgpError(BgpError.OPEN, BgpError.BAD_PEER_AS, "AS " + o.as() + ", expected "
                    + config.peerAs()));
            return;
        }
        if (o.bgpId() == speaker.routerId() && config.peerAs() == speaker.localAs()) {
            protocolError(c, new BgpError(BgpError.OPEN, BgpError.BAD_BGP_IDENTIFIER, "the neighbour has our id"));
            return;
        }
        c.peerOpen = o;
        c.codec = new BgpCodec(o.capabilities().fourOctetAs() >= 0);
        if (!collisionAllows(c)) {
            return;
        }
        long hold = Math.min(config.holdTime().toSeconds(), o.holdTime());
        c.holdNanos = hold * 1_000_000_000L;
        long keep = config.keepalive().isZero() ? hold / 3 : Math.min(config.keepalive().toSeconds(), hold / 3);
        c.keepaliveNanos = hold == 0 ? 0 : Math.max(1, keep) * 1_000_000_000L;
        c.state = SessionState.OPEN_CONFIRM;
        c.send(new BgpMessage.Keepalive());
        refreshState();
    }

    /**
     * RFC 4271 6.8: with two connections that both got an OPEN, the one started by the side with the higher BGP
     * identifier stays; an Established session always stays. False when {@code c} itself was closed.
     */
    private boolean collisionAllows(Connection c) {
        for (Connection other : List.copyOf(connections)) {
            if (other == c || other.peerOpen == null) {
                continue;
            }
            Connection loser;
            if (other.state == SessionState.ESTABLISHED) {
                loser = c;
            } else {
                boolean localWins = Integer.toUnsignedLong(speaker.routerId())
                        > Integer.toUnsignedLong(c.peerOpen.bgpId());
                // keep the connection the winner started
                loser = (c.outbound == localWins) ? other : c;
            }
            loser.fail(new BgpMessage.Notification(BgpError.CEASE, BgpError.CONNECTION_COLLISION, new byte[0]));
            connections.remove(loser);
            if (loser == c) {
                return false;
            }
        }
        return true;
    }

    private void establish(Connection c) {
        c.state = SessionState.ESTABLISHED;
        established = c;
        backoff = config.connectRetry();
        for (Connection other : List.copyOf(connections)) {
            if (other != c) {
                other.fail(new BgpMessage.Notification(BgpError.CEASE, BgpError.CONNECTION_COLLISION, new byte[0]));
                connections.remove(other);
            }
        }
        lastError = "";
        sent.clear();
        refreshState();
        log.info("BGP {}: Established (AS {}, hold {} s)", config.peer(), config.peerAs(), c.holdNanos / 1_000_000_000L);
        sync();
    }

    private void update(BgpMessage.Update u) {
        if (u.attributeError() != null) {
            log.warn("BGP {}: UPDATE treated as withdraw (RFC 7606): {}", config.peer(), u.attributeError());
        }
        boolean changed = speaker.rib().withdraw(config.peerAddress(), u.withdrawn());
        if (!u.nlri().isEmpty()) {
            PathAttributes a = u.attributes();
            boolean loop = a.asPath().stream().anyMatch(s -> s.asns().contains(speaker.localAs()));
            if (loop || a.nextHop() == established.localAddress()) {
                changed |= speaker.rib().withdraw(config.peerAddress(), u.nlri());
            } else {
                boolean external = config.peerAs() != speaker.localAs();
                long localPref = external || a.localPref() < 0 ? DEFAULT_LOCAL_PREF : a.localPref();
                List<Long> path = new ArrayList<>();
                a.asPath().forEach(s -> path.addAll(s.asns()));
                List<Long> flat = List.copyOf(path);
                int peerId = established.peerOpen.bgpId();
                List<Route> routes = new ArrayList<>(u.nlri().size());
                for (Prefix p : u.nlri()) {
                    routes.add(new Route(p, a.nextHop(), flat, a.pathLength(), a.origin(), localPref, a.med(),
                            config.peerAddress(), config.peerAs(), peerId));
                }
                changed |= speaker.rib().learn(config.peerAddress(), routes);
            }
        }
        if (changed) {
            speaker.bestChanged();
        }
    }

    /** Sends the neighbour the difference between what is announced and what it was sent. */
    void sync() {
        Connection c = established;
        if (c == null) {
            return;
        }
        Set<Prefix> want = speaker.announcedSet();
        List<Prefix> withdraw = new ArrayList<>();
        for (Prefix p : sent) {
            if (!want.contains(p)) {
                withdraw.add(p);
            }
        }
        List<Prefix> add = new ArrayList<>();
        for (Prefix p : want) {
            if (!sent.contains(p)) {
                add.add(p);
            }
        }
        if (withdraw.isEmpty() && add.isEmpty()) {
            return;
        }
        withdraw.forEach(sent::remove);
        sent.addAll(add);
        boolean external = config.peerAs() != speaker.localAs();
        PathAttributes attrs = new PathAttributes(0, external ? List.of(new PathAttributes.AsSegment(
                PathAttributes.AsSegment.SEQUENCE, List.of(speaker.localAs()))) : List.of(), c.localAddress(), -1,
                external ? -1 : DEFAULT_LOCAL_PREF, false);
        int room = BgpCodec.MAX_MESSAGE - BgpCodec.HEADER - 4;
        List<Prefix> batch = new ArrayList<>();
        int used = 0;
        for (Prefix p : withdraw) {
            if (used + BgpCodec.prefixSize(p) > room) {
                c.write(new BgpMessage.Update(batch, null, List.of()));
                batch = new ArrayList<>();
                used = 0;
            }
            batch.add(p);
            used += BgpCodec.prefixSize(p);
        }
        if (!batch.isEmpty()) {
            c.write(new BgpMessage.Update(batch, null, List.of()));
        }
        int attrRoom = room - c.codec.encode(new BgpMessage.Update(List.of(), attrs, List.of())).length
                + BgpCodec.HEADER + 4;
        batch = new ArrayList<>();
        used = 0;
        for (Prefix p : add) {
            if (used + BgpCodec.prefixSize(p) > attrRoom) {
                c.write(new BgpMessage.Update(List.of(), attrs, batch));
                batch = new ArrayList<>();
                used = 0;
            }
            batch.add(p);
            used += BgpCodec.prefixSize(p);
        }
        if (!batch.isEmpty()) {
            c.write(new BgpMessage.Update(List.of(), attrs, batch));
        }
        c.flush();
    }

    /** Asks the neighbour to send its routes again, when it offered route refresh (RFC 2918). */
    void requestRefresh() {
        Connection c = established;
        if (c != null && c.peerOpen.capabilities().routeRefresh()) {
            c.send(new BgpMessage.RouteRefresh(1, 1));
        }
    }

    /** Every half second: keepalives due, hold timers run out. */
    void tick(long now) {
        for (Connection c : List.copyOf(connections)) {
            if (c.state == SessionState.OPEN_SENT || c.holdNanos > 0) {
                if (now - c.lastReceived > c.holdNanos && (c.state != SessionState.CONNECT)) {
                    protocolError(c, new BgpError(BgpError.HOLD_TIMER_EXPIRED, 0, "nothing for "
                            + c.holdNanos / 1_000_000_000L + " s"));
                    continue;
                }
            }
            if (c.keepaliveNanos > 0 && (c.state == SessionState.OPEN_CONFIRM || c.state == SessionState.ESTABLISHED)
                    && now - c.lastSent >= c.keepaliveNanos) {
                c.send(new BgpMessage.Keepalive());
            }
        }
    }

    void protocolError(Connection c, BgpError e) {
        if (c.closed) {
            return;
        }
        lastError = "sent " + e.getMessage();
        log.warn("BGP {}: {}", config.peer(), lastError);
        c.fail(e.notification());
    }

    private void fsmError(Connection c, int subcode, String what) {
        protocolError(c, new BgpError(BgpError.FSM, subcode, what));
    }

    void transportError(Connection c, String what) {
        if (!c.closed) {
            lastError = what;
        }
    }

    void disconnected(Connection c) {
        connections.remove(c);
        if (c == established) {
            down(c);
        }
        if (connections.isEmpty() && !stopped) {
            retryLater();
        } else {
            refreshState();
        }
    }

    private void down(Connection c) {
        if (established == null) {
            return;
        }
        established = null;
        flaps++;
        sent.clear();
        log.info("BGP {}: session down ({})", config.peer(), lastError.isEmpty() ? "connection closed" : lastError);
        if (speaker.rib().drop(config.peerAddress())) {
            speaker.bestChanged();
        }
    }

    private void refreshState() {
        SessionState s = SessionState.ACTIVE;
        for (Connection c : connections) {
            if (c.state.ordinal() > s.ordinal()) {
                s = c.state;
            }
        }
        setState(s);
    }

    private void setState(SessionState s) {
        if (s != state) {
            state = s;
            since = Instant.now();
            speaker.sessionChanged(status());
        }
    }

    PeerStatus status() {
        Connection c = established;
        return new PeerStatus(config.peer(), config.peerAs(), state, since, lastError,
                c == null || c.peerOpen == null ? 0 : c.peerOpen.bgpId(), c == null ? 0
                : (int) (c.holdNanos / 1_000_000_000L), speaker.rib().received(config.peerAddress()), sent.size(),
                flaps);
    }

    @Override
    public String toString() {
        return "BGP neighbour " + Ipv4.format(config.peerAddress());
    }
}
