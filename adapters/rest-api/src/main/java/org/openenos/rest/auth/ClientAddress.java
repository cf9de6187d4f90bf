package org.openenos.rest.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the client that made a request, as sign-in throttling counts it. {@code X-Forwarded-For} is
 * believed only when the request came from a configured trusted proxy, and then read from the right: the first
 * address that is not itself a trusted proxy is the client (entries further left are whatever the client chose to
 * send). With no trusted proxies, the default, the header is ignored and the socket's peer address counts, so a
 * client cannot pick a fresh address for every guess.
 */
public final class ClientAddress {
    private record Range(BigInteger network, int bits, int prefix) {
        boolean contains(InetAddress address) {
            byte[] raw = address.getAddress();
            if (raw.length * 8 != bits) {
                return false;
            }
            int shift = bits - prefix;
            return new BigInteger(1, raw).shiftRight(shift).equals(network.shiftRight(shift));
        }
    }

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> trusted;

    /** @param trustedProxies addresses ({@code 10.0.0.5}) or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}) */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies == null ? List.of() : trustedProxies.stream().map(String::strip)
                .filter(s -> !s.isEmpty()).map(ClientAddress::range).toList();
    }

    public static ClientAddress direct() {
        return new ClientAddress(List.of());
    }

    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For") == null ? List.of()
                : java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /** @param forwardedFor the values of every {@code X-Forwarded-For} header, in order */
    String resolve(String peer, List<String> forwardedFor) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor.stream().flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop) == null) {
                return client; // garbage: stop at the last address a trusted proxy vouched for
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = parse(address);
        return parsed != null && trusted.stream().anyMatch(r -> r.contains(parsed));
    }

    private static Range range(String spec) {
        int slash = spec.indexOf('/');
        InetAddress address = parse(slash < 0 ? spec : spec.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("trusted proxy '" + spec + "' is not an IP address or CIDR range");
        }
        int bits = address.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(spec.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("trusted proxy '" + spec + "' has a prefix outside 0–" + bits);
        }
        return new Range(new BigInteger(1, address.getAddress()), bits, prefix);
    }

    /** A literal IP address, never a host name: header values cause no DNS lookups. */
    private static InetAddress parse(String literal) {
        String s = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1)
                : literal;
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s); // a literal is only parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
