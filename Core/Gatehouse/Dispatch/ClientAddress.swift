/// Which address a request comes from (SPEC §6): the peer, unless the peer is a configured trusted
/// proxy, in which case the right-most `X-Forwarded-For` hop that is not itself a trusted proxy.
public enum ClientAddress {
    /// The client address of a request.
    public static func resolve(_ request: APIRequest, trustedProxies: [IPAddressRange]) -> String? {
        guard let peer = request.remoteAddress else { return nil }
        guard isTrusted(peer, trustedProxies) else { return peer }
        let hops = request.headers.values("x-forwarded-for")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace() }
        for hop in hops.reversed() {
            guard IPAddressRange.parseAddress(hop) != nil else { return peer }
            if !isTrusted(hop, trustedProxies) { return hop }
        }
        return hops.first ?? peer
    }

    private static func isTrusted(_ address: String, _ ranges: [IPAddressRange]) -> Bool {
        ranges.contains { $0.contains(address) }
    }
}
