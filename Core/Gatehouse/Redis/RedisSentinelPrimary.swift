/// Sentinel: the primary's address as the client last learned it from a sentinel, kept in a file
/// (`GATEHOUSE_REDIS_SLOT_MAP_FILE`) so that a cold process connects to the primary without asking
/// a sentinel first. The address is a hint, never trusted alone: the client checks it with `ROLE`.
struct RedisSentinelPrimary {
    /// The cache file, if configured.
    let file: String?
    /// The primary to use, while known.
    private(set) var endpoint: RedisConfiguration.Endpoint?
    /// The file was read (at most once per client, and never after the address failed).
    private var fileRead = false
    /// The address the file holds, as last read or written.
    private var inFile: RedisConfiguration.Endpoint?

    init(file: String?) {
        self.file = file
    }

    /// The known primary: the one learned, else the one the file names (read once; a missing or
    /// damaged file is ignored).
    mutating func known() -> RedisConfiguration.Endpoint? {
        if let endpoint { return endpoint }
        guard !fileRead, let file else { return nil }
        fileRead = true
        guard let bytes = SystemAccess.readFile(file, limit: 1024),
            let address = Self.endpoint(text: String(decoding: bytes, as: UTF8.self))
        else { return nil }
        endpoint = address
        inFile = address
        return address
    }

    /// Takes the address a sentinel named, and keeps it in the file when it changed.
    mutating func learn(_ address: RedisConfiguration.Endpoint) {
        endpoint = address
        fileRead = true
        guard let file, address != inFile else { return }
        if SystemAccess.replaceFile(file, with: Array(Self.text(of: address).utf8)) { inFile = address }
    }

    /// Forgets the primary (it failed or is no longer the primary): the sentinels are asked next.
    mutating func forget() {
        endpoint = nil
        fileRead = true
    }

    // MARK: Formats

    /// The address in a `SENTINEL get-master-addr-by-name` reply (`[host, port]`); nil for anything else.
    static func endpoint(sentinelReply reply: RedisReply) -> RedisConfiguration.Endpoint? {
        guard let fields = reply.arrayValue, fields.count == 2, let host = fields[0].stringValue, !host.isEmpty,
            let portText = fields[1].stringValue, let port = Int(portText), (1...65535).contains(port)
        else { return nil }
        return .tcp(host: host, port: port)
    }

    /// `host port` and a newline.
    static func text(of endpoint: RedisConfiguration.Endpoint) -> String {
        guard case .tcp(let host, let port) = endpoint else { return "" }
        return "\(host) \(port)\n"
    }

    /// The address ``text(of:)`` wrote; nil for anything else.
    static func endpoint(text: String) -> RedisConfiguration.Endpoint? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, !fields[0].isEmpty, let port = Int(fields[1]), (1...65535).contains(port),
            fields[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:%".contains($0)) })
        else { return nil }
        return .tcp(host: String(fields[0]), port: port)
    }

    /// True when a `ROLE` reply says the node is a primary (`master`).
    static func isPrimary(roleReply reply: RedisReply) -> Bool {
        reply.arrayValue?.first?.stringValue == "master"
    }
}
