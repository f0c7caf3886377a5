// The steps that turn a Redis URL into a ``RedisConfiguration`` (grammar on the type).

extension RedisConfiguration {
    /// What a URL names, before the timeouts and options are added.
    struct Target {
        var mode: Mode
        var endpoints: [Endpoint]
        var username: String?
        var password: String?
        var database: Int
    }

    /// The schemes accepted, for error messages.
    private static let expectedSchemes = "expected redis://, unix://, redis-cluster:// or redis-sentinel://"

    /// The default port of a Redis server and of a Redis Sentinel.
    private static let redisPort = 6379
    private static let sentinelPort = 26379

    static func timeouts(
        connectMilliseconds: Int, commandMilliseconds: Int
    ) throws(RedisConfigurationError) -> (connect: Duration, command: Duration) {
        guard connectMilliseconds > 0 else { throw .init(.invalidTimeout, "the connect timeout must be positive") }
        guard commandMilliseconds > 0 else { throw .init(.invalidTimeout, "the command timeout must be positive") }
        return (.milliseconds(connectMilliseconds), .milliseconds(commandMilliseconds))
    }

    /// The lower-cased scheme and what follows `://`.
    static func splitScheme(_ url: String) throws(RedisConfigurationError) -> (scheme: String, rest: Substring) {
        let trimmed = url.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .init(.empty, "the Redis URL is empty") }
        // Byte by byte, as the rest of the URL: every function parses it at every cold start, and the
        // Character and pattern-matching versions of these steps cost about 0.1 M instructions.
        let bytes = trimmed.utf8
        guard let schemeEnd = bytes.indices.first(where: { bytes[$0...].starts(with: "://".utf8) }) else {
            throw .init(.unsupportedScheme, "the Redis URL has no scheme (\(expectedSchemes))")
        }
        let scheme = trimmed[..<schemeEnd]
        let lowered = scheme.utf8.allSatisfy { $0 < 0x80 } ? String(scheme).asciiLowercased : scheme.lowercased()
        return (lowered, Substring(trimmed[bytes.index(schemeEnd, offsetBy: 3)...]))
    }

    static func parseTarget(scheme: String, rest: Substring) throws(RedisConfigurationError) -> Target {
        switch scheme {
        case "redis": return try parseStandaloneURL(rest)
        case "redis-cluster": return try parseClusterURL(rest)
        case "redis-sentinel": return try parseSentinelURL(rest)
        case "unix": return try parseUnixURL(rest)
        case "rediss", "rediss-cluster", "rediss-sentinel":
            throw .init(.unsupportedScheme, "TLS Redis URLs (\(scheme)://) are not supported")
        default:
            let shown = scheme.count <= 16 && scheme.allSatisfy { $0.isLetter || $0 == "-" || $0 == "+" }
            throw .init(
                .unsupportedScheme,
                shown
                    ? "unsupported Redis URL scheme '\(scheme)' (\(expectedSchemes))"
                    : "unsupported Redis URL scheme (\(expectedSchemes))"
            )
        }
    }

    // MARK: redis://, redis-cluster://, redis-sentinel://

    private static func parseStandaloneURL(_ rest: Substring) throws(RedisConfigurationError) -> Target {
        let parts = try splitNetworkURL(rest, scheme: "redis")
        let endpoints = try parseHosts(parts.hosts, defaultPort: redisPort)
        guard endpoints.count == 1 else {
            throw .init(.missingHost, "a redis:// URL takes one host; use redis-cluster:// for a seed list")
        }
        let (username, password) = try parseUserInfo(parts.userInfo)
        let database = try parseDatabase(parts.path.dropFirst())
        return Target(
            mode: .standalone, endpoints: endpoints, username: username, password: password, database: database)
    }

    private static func parseClusterURL(_ rest: Substring) throws(RedisConfigurationError) -> Target {
        let parts = try splitNetworkURL(rest, scheme: "redis-cluster")
        let endpoints = try parseHosts(parts.hosts, defaultPort: redisPort)
        let (username, password) = try parseUserInfo(parts.userInfo)
        guard try parseDatabase(parts.path.dropFirst()) == 0 else {
            throw .init(.invalidDatabase, "a Redis Cluster URL cannot select a database other than 0")
        }
        return Target(mode: .cluster, endpoints: endpoints, username: username, password: password, database: 0)
    }

    /// `sentinels/master-name[/db]`.
    private static func parseSentinelURL(_ rest: Substring) throws(RedisConfigurationError) -> Target {
        let parts = try splitNetworkURL(rest, scheme: "redis-sentinel")
        let endpoints = try parseHosts(parts.hosts, defaultPort: sentinelPort)
        let (username, password) = try parseUserInfo(parts.userInfo)
        let segments = parts.path.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let master = try parseMasterName(segments.first ?? "")
        let database = try parseDatabase(segments.count > 1 ? segments[1] : "")
        return Target(
            mode: .sentinel(master: master), endpoints: endpoints, username: username, password: password,
            database: database)
    }

    /// The user info (before the last `@`), the comma-separated hosts and the path (from the first
    /// `/`, included) of a network URL, which takes no query and no fragment.
    private static func splitNetworkURL(
        _ rest: Substring, scheme: String
    ) throws(RedisConfigurationError) -> (userInfo: Substring?, hosts: Substring, path: Substring) {
        guard !rest.utf8.contains(UInt8(ascii: "?")), !rest.utf8.contains(UInt8(ascii: "#")) else {
            throw .init(.unsupportedParameter, "query parameters are not supported in \(scheme):// URLs")
        }
        let authorityEnd = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // The last "@" ends the user info: an unencoded "@" in a password still parses.
        guard let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) else {
            return (nil, authority, rest[authorityEnd...])
        }
        return (authority[..<at], authority[authority.utf8.index(after: at)...], rest[authorityEnd...])
    }

    /// `[user][:password]`, percent-decoded; a user needs a password.
    private static func parseUserInfo(
        _ userInfo: Substring?
    ) throws(RedisConfigurationError) -> (username: String?, password: String?) {
        guard let userInfo else { return (nil, nil) }
        var password: String?
        var user = userInfo
        if let colon = userInfo.firstIndex(of: ":") {
            user = userInfo[..<colon]
            guard let decoded = percentDecode(userInfo[userInfo.index(after: colon)...]) else {
                throw .init(.invalidCredentials, "the password in the Redis URL has an invalid percent-encoding")
            }
            password = decoded
        }
        guard !user.isEmpty else { return (nil, password) }
        guard let username = percentDecode(user) else {
            throw .init(.invalidCredentials, "the user name in the Redis URL has an invalid percent-encoding")
        }
        guard password != nil else { throw .init(.invalidCredentials, "the Redis URL names a user but no password") }
        return (username, password)
    }

    private static func parseHosts(
        _ hosts: Substring, defaultPort: Int
    ) throws(RedisConfigurationError) -> [Endpoint] {
        guard !hosts.isEmpty else { throw .init(.missingHost, "the Redis URL has no host") }
        var endpoints: [Endpoint] = []
        for part in hosts.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            endpoints.append(try parseHostPort(Substring(part), defaultPort: defaultPort))
        }
        return endpoints
    }

    private static func parseHostPort(
        _ text: Substring, defaultPort: Int
    ) throws(RedisConfigurationError) -> Endpoint {
        guard !text.isEmpty else { throw .init(.missingHost, "the Redis URL has an empty host") }
        let (host, portText) = try splitHostPort(text)
        guard !host.isEmpty else { throw .init(.missingHost, "the Redis URL has an empty host") }
        guard host.utf8.allSatisfy(isHostByte) else {
            throw .init(.missingHost, "the host in the Redis URL has characters a host name cannot have")
        }
        guard let portText else { return .tcp(host: String(host), port: defaultPort) }
        guard let port = Int(portText), portText.allSatisfy(\.isASCIIDigit), (1...65535).contains(port) else {
            throw .init(.invalidPort, "the port in the Redis URL must be a number from 1 to 65535")
        }
        return .tcp(host: String(host), port: port)
    }

    /// An ASCII letter or digit, or one of `-._:%`.
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    /// `host[:port]` or `[v6][:port]`.
    private static func splitHostPort(
        _ text: Substring
    ) throws(RedisConfigurationError) -> (host: Substring, port: Substring?) {
        guard text.utf8.first == UInt8(ascii: "[") else {
            guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return (text, nil) }
            return (text[..<colon], text[text.utf8.index(after: colon)...])
        }
        guard let close = text.firstIndex(of: "]") else {
            throw .init(.missingHost, "an IPv6 host in the Redis URL lacks its closing bracket")
        }
        let host = text[text.index(after: text.startIndex)..<close]
        let after = text[text.index(after: close)...]
        guard !after.isEmpty else { return (host, nil) }
        guard after.hasPrefix(":") else { throw .init(.missingHost, "unexpected text after an IPv6 host") }
        return (host, after.dropFirst())
    }

    /// The database number of a path segment; 0 when it is empty.
    private static func parseDatabase(_ digits: Substring) throws(RedisConfigurationError) -> Int {
        guard !digits.isEmpty else { return 0 }
        guard let value = Int(digits), value >= 0, value <= Int(Int32.max), digits.allSatisfy(\.isASCIIDigit) else {
            throw .init(.invalidDatabase, "the database in the Redis URL path must be a non-negative integer")
        }
        return value
    }

    /// A sentinel master name: letters, digits, `-`, `_` and `.`, percent-decoded, at most 128 bytes.
    private static func parseMasterName(_ text: Substring) throws(RedisConfigurationError) -> String {
        guard !text.isEmpty else {
            throw .init(
                .invalidMasterName,
                "a redis-sentinel:// URL needs the master name as its path (redis-sentinel://host:26379/mymaster)")
        }
        guard let name = percentDecode(text), name.utf8.count <= 128,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else {
            throw .init(
                .invalidMasterName,
                "the master name in the redis-sentinel:// URL may hold only letters, digits, '-', '_' and '.'")
        }
        return name
    }

    // MARK: unix://

    private static func parseUnixURL(_ rest: Substring) throws(RedisConfigurationError) -> Target {
        guard !rest.utf8.contains(UInt8(ascii: "#")) else {
            throw .init(.unsupportedParameter, "fragments are not supported in unix:// URLs")
        }
        let queryStart = rest.utf8.firstIndex(of: UInt8(ascii: "?")) ?? rest.endIndex
        let path = try parseSocketPath(rest[..<queryStart])
        var target = Target(mode: .standalone, endpoints: [.unix(path: path)], database: 0)
        if queryStart < rest.endIndex {
            try applyUnixQuery(rest[rest.utf8.index(after: queryStart)...], to: &target)
        }
        if target.username != nil && target.password == nil {
            throw .init(.invalidCredentials, "the unix:// URL names a user but no password")
        }
        return target
    }

    private static func parseSocketPath(_ path: Substring) throws(RedisConfigurationError) -> String {
        guard path.utf8.first == UInt8(ascii: "/"), path.utf8.count > 1 else {
            throw .init(.missingSocketPath, "a unix:// URL needs an absolute socket path (unix:///path/to/redis.sock)")
        }
        guard let decoded = percentDecode(path) else {
            throw .init(.missingSocketPath, "the socket path in the unix:// URL has an invalid percent-encoding")
        }
        return decoded
    }

    /// `db`, `password` and `username`, each at most once.
    private static func applyUnixQuery(_ query: Substring, to target: inout Target) throws(RedisConfigurationError) {
        var seen: Set<String> = []
        for pair in query.split(separator: "&") {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            let name = String(pair[..<equals])
            guard ["db", "password", "username"].contains(name) else {
                throw .init(
                    .unsupportedParameter,
                    "the unix:// URL has an unsupported query parameter (supported: db, password, username)"
                )
            }
            guard seen.insert(name).inserted else {
                throw .init(.unsupportedParameter, "the unix:// URL repeats the query parameter '\(name)'")
            }
            guard let value = percentDecode(equals < pair.endIndex ? pair[pair.index(after: equals)...] : "") else {
                throw .init(
                    name == "password" ? .invalidCredentials : .unsupportedParameter,
                    "the '\(name)' parameter in the unix:// URL has an invalid percent-encoding"
                )
            }
            try applyUnixParameter(name, value, to: &target)
        }
    }

    private static func applyUnixParameter(
        _ name: String, _ value: String, to target: inout Target
    ) throws(RedisConfigurationError) {
        switch name {
        case "db":
            guard let number = Int(value), value.allSatisfy(\.isASCIIDigit), number <= Int(Int32.max) else {
                throw .init(.invalidDatabase, "the db parameter in the unix:// URL must be a non-negative integer")
            }
            target.database = number
        case "password":
            target.password = value
        default:
            guard !value.isEmpty else {
                throw .init(.invalidCredentials, "the username parameter in the unix:// URL is empty")
            }
            target.username = value
        }
    }

    // MARK: Percent-encoding

    private static func percentDecode(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            let unreserved =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~".utf8.contains(byte)
            if unreserved {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        // Nothing to trim when both ends are visible ASCII (the usual case: no scalar properties).
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
