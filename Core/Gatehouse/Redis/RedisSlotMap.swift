/// Which Redis Cluster primary serves each hash slot, learned from `CLUSTER SLOTS` and `MOVED`.
///
/// An empty map knows no slot: commands then go to a seed node and follow `MOVED`.
struct RedisSlotMap: Sendable, Equatable {
    /// The primaries the map names, in the order first seen.
    private(set) var nodes: [RedisConfiguration.Endpoint] = []
    /// The replicas the map names: nodes to ask for a new map when a primary is unreachable.
    private(set) var replicas: [RedisConfiguration.Endpoint] = []
    /// Per slot, the index of its primary in `nodes`, or -1 when unknown; empty until the first
    /// slot is known (every client holds a map, and 32 KB filled at start-up is eight pages a cold
    /// process on one Redis or through Sentinel would fault in for nothing).
    private var owners: [Int16] = []

    /// A map that knows no slot.
    init() {}

    /// The map a `CLUSTER SLOTS` reply describes; `answering` is the node that sent it (its host
    /// stands in for a node whose address Redis reports as empty). Nil when the reply is not one.
    init?(clusterSlots reply: RedisReply, answering: RedisConfiguration.Endpoint) {
        guard let ranges = reply.arrayValue else { return nil }
        for range in ranges {
            guard let fields = range.arrayValue, fields.count >= 3,
                let first = fields[0].integerValue, let last = fields[1].integerValue,
                0 <= first, first <= last, last < RedisKeySlot.count,
                let primary = fields[2].arrayValue, primary.count >= 2,
                let host = primary[0].stringValue, let port = primary[1].integerValue, (1...65535).contains(port)
            else { return nil }
            let endpoint = Self.endpoint(host: host, port: Int(port), answering: answering)
            for slot in Int(first)...Int(last) { assign(slot: slot, to: endpoint) }
            for replica in fields.dropFirst(3) {
                guard let address = replica.arrayValue, address.count >= 2, let host = address[0].stringValue,
                    let port = address[1].integerValue, (1...65535).contains(port)
                else { continue }
                let endpoint = Self.endpoint(host: host, port: Int(port), answering: answering)
                if !replicas.contains(endpoint) { replicas.append(endpoint) }
            }
        }
    }

    /// True when no slot is known.
    var isEmpty: Bool { nodes.isEmpty }

    /// The primary serving `slot`, if known.
    func endpoint(forSlot slot: Int) -> RedisConfiguration.Endpoint? {
        guard !owners.isEmpty else { return nil }
        let owner = owners[slot]
        return owner < 0 ? nil : nodes[Int(owner)]
    }

    /// Records that `endpoint` serves `slot` (after a `MOVED`).
    mutating func assign(slot: Int, to endpoint: RedisConfiguration.Endpoint) {
        if owners.isEmpty { owners = [Int16](repeating: -1, count: RedisKeySlot.count) }
        if let index = nodes.firstIndex(of: endpoint) {
            owners[slot] = Int16(index)
        } else {
            nodes.append(endpoint)
            owners[slot] = Int16(nodes.count - 1)
        }
    }

    private static func endpoint(
        host: String, port: Int, answering: RedisConfiguration.Endpoint
    ) -> RedisConfiguration.Endpoint {
        if host.isEmpty || host == "?", case .tcp(let sameHost, _) = answering {
            return .tcp(host: sameHost, port: port)
        }
        return .tcp(host: host, port: port)
    }

    // MARK: Cache file

    /// The map as text: `first-last host:port` per slot range of a primary, `replica host:port`
    /// per replica (TCP nodes only, which is all a cluster has).
    var text: String {
        var lines: [String] = []
        var start = 0
        while start < owners.count {
            var end = start
            while end + 1 < owners.count && owners[end + 1] == owners[start] { end += 1 }
            if owners[start] >= 0, case .tcp(let host, let port) = nodes[Int(owners[start])] {
                lines.append("\(start)-\(end) \(host):\(port)")
            }
            start = end + 1
        }
        for case .tcp(let host, let port) in replicas { lines.append("replica \(host):\(port)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The map ``text`` describes; nil for anything else (a damaged cache is ignored, not trusted).
    init?(text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let colon = fields[1].lastIndex(of: ":"),
                let port = Int(fields[1][fields[1].index(after: colon)...]), (1...65535).contains(port)
            else { return nil }
            let endpoint = RedisConfiguration.Endpoint.tcp(host: String(fields[1][..<colon]), port: port)
            if fields[0] == "replica" {
                replicas.append(endpoint)
                continue
            }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]),
                0 <= first, first <= last, last < RedisKeySlot.count
            else { return nil }
            for slot in first...last { assign(slot: slot, to: endpoint) }
        }
        guard !nodes.isEmpty else { return nil }
    }
}
