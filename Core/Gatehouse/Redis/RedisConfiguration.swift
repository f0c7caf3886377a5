/// Where and how Gatehouse reaches Redis, parsed from one URL (SPEC §8).
///
/// Accepted forms:
/// - `redis://[[user]:password@]host[:port][/db]` — one server over TCP (port 6379 by default);
///   IPv6 hosts in brackets (`redis://[::1]:6380`).
/// - `unix:///path/to/socket[?db=N&password=…&username=…]` — one server on a unix socket.
/// - `redis-cluster://[[user]:password@]host1:port1,host2:port2,…` — seed nodes of a Redis Cluster
///   (database 0 only, as Cluster has no other).
///
/// User names and passwords are percent-decoded. The password never appears in `description`,
/// `redactedURL`, `dump` output or any ``RedisConfigurationError``.
public struct RedisConfiguration: Sendable, Equatable {
    /// One address a Redis server listens on.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// A TCP host name or IP address (IPv6 without brackets) and port.
        case tcp(host: String, port: Int)
        /// The path of a unix domain socket.
        case unix(path: String)

        /// `host:port` (`[v6]:port`) or the socket path; never secret.
        public var description: String {
            switch self {
            case .tcp(let host, let port):
                return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unix(let path):
                return path
            }
        }
    }

    /// How the endpoints are used.
    public enum Mode: Sendable, Equatable {
        /// One server (the single endpoint).
        case standalone
        /// A Redis Cluster reached through the seed endpoints; the client follows `MOVED`/`ASK`.
        case cluster
    }

    /// The server (standalone) or the cluster seed nodes, in the order given; never empty.
    public let endpoints: [Endpoint]
    /// Standalone or cluster.
    public let mode: Mode
    /// The ACL user for `AUTH`, or nil for the default user.
    public let username: String?
    /// The password for `AUTH`, or nil to skip `AUTH`. Never logged; see ``redactedURL``.
    public let password: String?
    /// The logical database selected on connect (always 0 for a cluster).
    public let database: Int
    /// How long establishing a connection may take.
    public let connectTimeout: Duration
    /// How long the client waits on one socket read or write before giving up on a command.
    public let commandTimeout: Duration
    /// Whether writes that must survive a failover wait for a replica; ``DurableWrites/none`` by default.
    public var durableWrites = DurableWrites.none
    /// Cluster: a file where the client keeps the slot map it learned, so that a cold process
    /// routes its first command straight to the right node (`GATEHOUSE_REDIS_SLOT_MAP_FILE`).
    public var slotMapFile: String?

    /// `redis://127.0.0.1:6379` with the default timeouts: what a process that never talks to
    /// Redis (the `jwks` function) holds.
    public static let localDefault = try! RedisConfiguration(url: "redis://127.0.0.1:6379")

    /// Parses a Redis URL.
    ///
    /// - Parameters:
    ///   - url: one of the forms described on ``RedisConfiguration``.
    ///   - connectTimeoutMilliseconds: at least 1; 250 by default (SPEC §8).
    ///   - commandTimeoutMilliseconds: at least 1; 500 by default (SPEC §8).
    /// - Throws: ``RedisConfigurationError`` naming what is wrong, without the password.
    public init(
        url: String,
        connectTimeoutMilliseconds: Int = 250,
        commandTimeoutMilliseconds: Int = 500
    ) throws(RedisConfigurationError) {
        guard connectTimeoutMilliseconds > 0 else {
            throw .init(.invalidTimeout, "the connect timeout must be positive")
        }
        guard commandTimeoutMilliseconds > 0 else {
            throw .init(.invalidTimeout, "the command timeout must be positive")
        }
        connectTimeout = .milliseconds(connectTimeoutMilliseconds)
        commandTimeout = .milliseconds(commandTimeoutMilliseconds)

        let trimmed = url.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .init(.empty, "the Redis URL is empty") }
        guard let schemeEnd = trimmed.firstRange(of: "://") else {
            throw .init(
                .unsupportedScheme, "the Redis URL has no scheme (expected redis://, unix:// or redis-cluster://)")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = Substring(trimmed[schemeEnd.upperBound...])

        switch scheme {
        case "redis":
            let parsed = try Self.parseNetworkURL(rest, allowsSeveralHosts: false)
            mode = .standalone
            endpoints = parsed.endpoints
            username = parsed.username
            password = parsed.password
            database = parsed.database
        case "redis-cluster":
            let parsed = try Self.parseNetworkURL(rest, allowsSeveralHosts: true)
            guard parsed.database == 0 else {
                throw .init(.invalidDatabase, "a Redis Cluster URL cannot select a database other than 0")
            }
            mode = .cluster
            endpoints = parsed.endpoints
            username = parsed.username
            password = parsed.password
            database = 0
        case "unix":
            let parsed = try Self.parseUnixURL(rest)
            mode = .standalone
            endpoints = [.unix(path: parsed.path)]
            username = parsed.username
            password = parsed.password
            database = parsed.database
        case "rediss", "rediss-cluster":
            throw .init(.unsupportedScheme, "TLS Redis URLs (\(scheme)://) are not supported")
        default:
            let shown = scheme.count <= 16 && scheme.allSatisfy { $0.isLetter || $0 == "-" || $0 == "+" }
            throw .init(
                .unsupportedScheme,
                shown
                    ? "unsupported Redis URL scheme '\(scheme)' (expected redis://, unix:// or redis-cluster://)"
                    : "unsupported Redis URL scheme (expected redis://, unix:// or redis-cluster://)"
            )
        }
    }

    /// The configuration as a URL with the password replaced by `***`, for logs and error pages.
    public var redactedURL: String {
        let secret = password == nil ? "" : ":***"
        let user = username.map(Self.percentEncode) ?? ""
        let credentials = (username != nil || password != nil) ? "\(user)\(secret)@" : ""
        switch (mode, endpoints.first) {
        case (.standalone, .unix(let path)?):
            var query: [String] = []
            if database != 0 { query.append("db=\(database)") }
            if let username { query.append("username=\(Self.percentEncode(username))") }
            if password != nil { query.append("password=***") }
            return "unix://\(path)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        case (.standalone, _):
            let host = endpoints.first?.description ?? ""
            return "redis://\(credentials)\(host)" + (database != 0 ? "/\(database)" : "")
        case (.cluster, _):
            return "redis-cluster://\(credentials)" + endpoints.map(\.description).joined(separator: ",")
        }
    }

    // MARK: Parsing

    private struct NetworkURL {
        var endpoints: [Endpoint]
        var username: String?
        var password: String?
        var database: Int
    }

    private static func parseNetworkURL(
        _ rest: Substring,
        allowsSeveralHosts: Bool
    ) throws(RedisConfigurationError) -> NetworkURL {
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .init(.unsupportedParameter, "query parameters are not supported in redis:// URLs")
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]

        var username: String?
        var password: String?
        // The last "@" ends the user info: an unencoded "@" in a password still parses.
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let user: Substring
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                guard let decoded = percentDecode(userInfo[userInfo.index(after: colon)...]) else {
                    throw .init(.invalidCredentials, "the password in the Redis URL has an invalid percent-encoding")
                }
                password = decoded
            } else {
                user = userInfo
            }
            if !user.isEmpty {
                guard let decoded = percentDecode(user) else {
                    throw .init(.invalidCredentials, "the user name in the Redis URL has an invalid percent-encoding")
                }
                username = decoded
            }
            if username != nil && password == nil {
                throw .init(.invalidCredentials, "the Redis URL names a user but no password")
            }
        }

        let hostParts = authority.split(separator: ",", omittingEmptySubsequences: false)
        guard !authority.isEmpty else { throw .init(.missingHost, "the Redis URL has no host") }
        if hostParts.count > 1 && !allowsSeveralHosts {
            throw .init(.missingHost, "a redis:// URL takes one host; use redis-cluster:// for a seed list")
        }
        var endpoints: [Endpoint] = []
        for part in hostParts {
            endpoints.append(try parseHostPort(part))
        }

        var database = 0
        if path.count > 1 {
            let digits = path.dropFirst()
            guard let value = Int(digits), value >= 0, value <= Int(Int32.max), digits.allSatisfy(\.isASCIIDigit) else {
                throw .init(.invalidDatabase, "the database in the Redis URL path must be a non-negative integer")
            }
            database = value
        }
        return NetworkURL(endpoints: endpoints, username: username, password: password, database: database)
    }

    private static func parseHostPort(_ text: Substring) throws(RedisConfigurationError) -> Endpoint {
        guard !text.isEmpty else { throw .init(.missingHost, "the Redis URL has an empty host") }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .init(.missingHost, "an IPv6 host in the Redis URL lacks its closing bracket")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .init(.missingHost, "unexpected text after an IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw .init(.missingHost, "the Redis URL has an empty host") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:%".contains($0)) }) else {
            throw .init(.missingHost, "the host in the Redis URL has characters a host name cannot have")
        }
        var port = 6379
        if let portText {
            guard let value = Int(portText), portText.allSatisfy(\.isASCIIDigit), (1...65535).contains(value) else {
                throw .init(.invalidPort, "the port in the Redis URL must be a number from 1 to 65535")
            }
            port = value
        }
        return .tcp(host: String(host), port: port)
    }

    private static func parseUnixURL(
        _ rest: Substring
    ) throws(RedisConfigurationError) -> (path: String, username: String?, password: String?, database: Int) {
        guard !rest.contains("#") else {
            throw .init(.unsupportedParameter, "fragments are not supported in unix:// URLs")
        }
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        let path = rest[..<queryStart]
        guard path.hasPrefix("/"), path.count > 1 else {
            throw .init(.missingSocketPath, "a unix:// URL needs an absolute socket path (unix:///path/to/redis.sock)")
        }
        guard let decodedPath = percentDecode(path) else {
            throw .init(.missingSocketPath, "the socket path in the unix:// URL has an invalid percent-encoding")
        }
        var username: String?
        var password: String?
        var database = 0
        var seen: Set<String> = []
        if queryStart < rest.endIndex {
            let query = rest[rest.index(after: queryStart)...]
            for pair in query.split(separator: "&") {
                let equals = pair.firstIndex(of: "=") ?? pair.endIndex
                let name = String(pair[..<equals])
                let rawValue = equals < pair.endIndex ? pair[pair.index(after: equals)...] : ""
                guard ["db", "password", "username"].contains(name) else {
                    throw .init(
                        .unsupportedParameter,
                        "the unix:// URL has an unsupported query parameter (supported: db, password, username)"
                    )
                }
                guard seen.insert(name).inserted else {
                    throw .init(.unsupportedParameter, "the unix:// URL repeats the query parameter '\(name)'")
                }
                guard let value = percentDecode(rawValue) else {
                    throw .init(
                        name == "password" ? .invalidCredentials : .unsupportedParameter,
                        "the '\(name)' parameter in the unix:// URL has an invalid percent-encoding"
                    )
                }
                switch name {
                case "db":
                    guard let number = Int(value), value.allSatisfy(\.isASCIIDigit), number <= Int(Int32.max) else {
                        throw .init(
                            .invalidDatabase, "the db parameter in the unix:// URL must be a non-negative integer")
                    }
                    database = number
                case "password":
                    password = value
                default:
                    guard !value.isEmpty else {
                        throw .init(.invalidCredentials, "the username parameter in the unix:// URL is empty")
                    }
                    username = value
                }
            }
        }
        if username != nil && password == nil {
            throw .init(.invalidCredentials, "the unix:// URL names a user but no password")
        }
        return (decodedPath, username, password, database)
    }

    private static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
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

    private static func percentEncode(_ text: String) -> String {
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

extension RedisConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The redacted URL and timeouts; never the password.
    public var description: String {
        "RedisConfiguration(\(redactedURL), connectTimeout: \(connectTimeout), commandTimeout: \(commandTimeout))"
    }

    /// Same as ``description``: no password.
    public var debugDescription: String { description }

    /// Keeps the password out of `dump` and debugger output.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "endpoints": endpoints, "mode": mode, "username": username as Any,
                "password": password == nil ? "nil" : "***", "database": database,
                "connectTimeout": connectTimeout, "commandTimeout": commandTimeout, "durableWrites": durableWrites,
                "slotMapFile": slotMapFile as Any,
            ],
            displayStyle: .struct
        )
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
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
