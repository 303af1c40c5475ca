package io.tenet.controller.api;

import java.util.Locale;

/**
 * One port of a service, {@code svcPort:provPort:TCP|UDP} on the wire as Contiv writes it: connections to the
 * VIP's {@code port} are translated to {@code providerPort} of the chosen provider.
 */
public record ServicePort(int port, int providerPort, Protocol protocol) {
    /** The transport protocols a service balances. */
    public enum Protocol {
        TCP, UDP
    }

    public ServicePort {
        if (port < 1 || port > 65535 || providerPort < 1 || providerPort > 65535) {
            throw new ValidationException("ports", "ports are 1-65535");
        }
        if (protocol == null) {
            throw new ValidationException("ports", "a service port needs its protocol");
        }
    }

    /** Parses {@code 80:8080:TCP}. */
    public static ServicePort parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 3 || !digits(parts[0]) || !digits(parts[1])) {
            throw new ValidationException("ports", "port '" + text + "' must be svcPort:provPort:TCP|UDP");
        }
        Protocol p;
        try {
            p = Protocol.valueOf(parts[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("ports", "port '" + text + "': protocol must be TCP or UDP");
        }
        return new ServicePort(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), p);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return port + ":" + providerPort + ":" + protocol;
    }
}
