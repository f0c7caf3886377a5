/// Where and how Gatehouse reaches Redis, parsed from one URL (SPEC §8).
///
/// Accepted forms:
/// - `redis://[[user]:password@]host[:port][/db]` — one server over TCP (port 6379 by default);
///   IPv6 hosts in brackets (`redis://[::1]:6380`).
/// - `unix:///path/to/socket[?db=N&password=…&username=…]` — one server on a unix socket.
/// - `redis-cluster://[[user]:password@]host1:port1,host2:port2,…` — seed nodes of a Redis Cluster
///   (database 0 only, as Cluster has no other).
/// - `redis-sentinel://[[user]:password@]sentinel1[:port],sentinel2[:port],…/master-name[/db]` —
///   the primary that Redis Sentinel names for `master-name`, asked of the sentinels in order (port
///   26379 by default). The credentials and database are the primary's; sentinels are asked without
///   `AUTH`.
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
        /// The primary the sentinels (the endpoints) name for this master name; the client asks them
        /// again when the primary fails or turns out to be a replica.
        case sentinel(master: String)
    }

    /// The server (standalone), the cluster seed nodes or the sentinels, in the order given; never empty.
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
    /// routes its first command straight to the right node; Sentinel: where it keeps the primary's
    /// address, so that a cold process does not ask a sentinel first (`GATEHOUSE_REDIS_SLOT_MAP_FILE`).
    public var slotMapFile: String?

    /// `redis://127.0.0.1:6379` with the default timeouts: what a process that never talks to
    /// Redis (the `jwks` function) holds. Built directly, not parsed from its URL: every
    /// configuration starts from it, so every cold process would pay for the parse.
    public static let localDefault = RedisConfiguration(
        endpoints: [.tcp(host: "127.0.0.1", port: 6379)], mode: .standalone,
        connectTimeout: .milliseconds(250), commandTimeout: .milliseconds(500))

    private init(endpoints: [Endpoint], mode: Mode, connectTimeout: Duration, commandTimeout: Duration) {
        self.endpoints = endpoints
        self.mode = mode
        username = nil
        password = nil
        database = 0
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

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
        (connectTimeout, commandTimeout) = try Self.timeouts(
            connectMilliseconds: connectTimeoutMilliseconds, commandMilliseconds: commandTimeoutMilliseconds)
        let (scheme, rest) = try Self.splitScheme(url)
        let target = try Self.parseTarget(scheme: scheme, rest: rest)
        mode = target.mode
        endpoints = target.endpoints
        username = target.username
        password = target.password
        database = target.database
    }

    /// The configuration as a URL with the password replaced by `***`, for logs and error pages.
    public var redactedURL: String {
        let secret = password == nil ? "" : ":***"
        let user = username.map(Self.percentEncode) ?? ""
        let credentials = (username != nil || password != nil) ? "\(user)\(secret)@" : ""
        let hosts = endpoints.map(\.description).joined(separator: ",")
        let databasePath = database != 0 ? "/\(database)" : ""
        switch (mode, endpoints.first) {
        case (.standalone, .unix(let path)?):
            var query: [String] = []
            if database != 0 { query.append("db=\(database)") }
            if let username { query.append("username=\(Self.percentEncode(username))") }
            if password != nil { query.append("password=***") }
            return "unix://\(path)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        case (.standalone, _):
            return "redis://\(credentials)\(hosts)\(databasePath)"
        case (.cluster, _):
            return "redis-cluster://\(credentials)\(hosts)"
        case (.sentinel(let master), _):
            return "redis-sentinel://\(credentials)\(hosts)/\(Self.percentEncode(master))\(databasePath)"
        }
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
