/// A Redis Cluster redirection parsed from a `MOVED` or `ASK` error reply.
struct RedisRedirect: Sendable, Equatable {
    /// `MOVED`: the slot lives elsewhere for good. `ASK`: only this command, sent after `ASKING`.
    enum Kind: Sendable, Equatable {
        case moved
        case ask
    }

    let kind: Kind
    let slot: Int
    /// The node's host; empty when Redis does not know it (then the host of the node that answered).
    let host: String
    let port: Int

    /// Parses `MOVED 3999 127.0.0.1:6381`, `ASK 3999 [::1]:6381`, `MOVED 3999 ::1:6381` or
    /// `MOVED 3999 :6381`; nil for any other message.
    init?(errorMessage: String) {
        let parts = errorMessage.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else { return nil }
        switch parts[0] {
        case "MOVED": kind = .moved
        case "ASK": kind = .ask
        default: return nil
        }
        guard let slot = Int(parts[1]), (0..<16384).contains(slot) else { return nil }
        let address = parts[2]
        guard let colon = address.lastIndex(of: ":") else { return nil }
        var host = address[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        self.slot = slot
        self.host = String(host)
        self.port = port
    }

    /// The node to retry on; `answering` is the node that sent the redirect.
    func endpoint(answering: RedisConfiguration.Endpoint) -> RedisConfiguration.Endpoint {
        if host.isEmpty, case .tcp(let sameHost, _) = answering { return .tcp(host: sameHost, port: port) }
        return .tcp(host: host, port: port)
    }
}
