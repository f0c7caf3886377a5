import Foundation
import GatehouseCore
import Testing

/// The ways a Redis can be unwell, each produced for real where one redis-server can produce it
/// (and by a scripted RESP peer where it cannot).
enum RedisFault: String, CaseIterable, CustomStringConvertible {
    case outOfMemory, loading, busyScript, readOnlyReplica, masterDown, clusterDown, paused, tryAgain, reset, silent

    var description: String { rawValue }

    /// The `error_class` the log must name.
    var errorClass: String {
        switch self {
        case .outOfMemory: "OOM"
        case .loading: "LOADING"
        case .busyScript: "BUSY"
        case .readOnlyReplica: "READONLY"
        case .masterDown: "MASTERDOWN"
        case .clusterDown: "CLUSTERDOWN"
        case .paused, .silent: "timeout"
        case .tryAgain: "TRYAGAIN"
        case .reset: "connection"
        }
    }
}

/// One private Redis with a fixture tenant, put into a fault on demand.
final class FaultyRedis {
    let server: RedisTestServer
    let fixture: GatehouseFixture
    let refreshToken: String
    private var proxy: RedisFaultProxy?
    private var busyThread: Thread?
    private var pauseEnds = Date()

    init(cluster: Bool = false) throws {
        server = try RedisTestServer(cluster: cluster, arguments: ["--enable-debug-command", "yes"])
        if cluster { try Self.serveAllSlots(server) }
        fixture = try GatehouseFixture(redisURL: server.url)
        let opened = try #require(
            try SessionStore.open(
                for: .user(tenant: fixture.tenant, id: "viewer"), phone: nil, clientID: "gatehouse",
                lifetimeSeconds: 3600, now: SystemAccess.currentTimeMilliseconds(), redis: fixture.store.redisClient))
        refreshToken = opened.refreshToken.text
    }

    /// A one-node cluster serving every slot, waited for until its state is ok.
    static func serveAllSlots(_ server: RedisTestServer) throws {
        let admin = try server.client()
        _ = try admin.command(["CLUSTER", "ADDSLOTSRANGE", "0", "16383"])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let info = try admin.command(["CLUSTER", "INFO"]).stringValue ?? ""
            if info.contains("cluster_state:ok") { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw RedisTestServerError(message: "the one-node cluster did not become ok")
    }

    /// The URL the application under test uses while the fault lasts.
    private(set) lazy var url: String = server.url

    private func admin() throws -> RedisClient { try server.client(commandTimeoutMilliseconds: 5000) }

    /// Puts the server into the fault (it lasts until ``end(_:)``).
    func begin(_ fault: RedisFault) throws {
        let admin = try admin()
        switch fault {
        case .outOfMemory:
            _ = try admin.command(["CONFIG", "SET", "maxmemory", "1"])
        case .loading:
            _ = try admin.command(["DEBUG", "POPULATE", "3000", "filler"])
            _ = try admin.command(["CONFIG", "SET", "loading-process-events-interval-bytes", "1024"])
            _ = try admin.command(["CONFIG", "SET", "key-load-delay", "1000"])
            startBlocking(["DEBUG", "RELOAD"])
            try waitFor { (try? self.admin().command(["PING"])) == nil }
        case .busyScript:
            _ = try admin.command(["CONFIG", "SET", "busy-reply-threshold", "20"])
            startBlocking(["EVAL", "local i = 0 while true do i = i + 1 end", "0"])
            try waitFor { (try? self.admin().command(["PING"])) == nil }
        case .readOnlyReplica, .masterDown:
            if fault == .masterDown { _ = try admin.command(["CONFIG", "SET", "replica-serve-stale-data", "no"]) }
            _ = try admin.command(["REPLICAOF", "127.0.0.1", "18399"])
        case .clusterDown:
            // A cluster node that serves no slot: every keyed command is CLUSTERDOWN.
            _ = try admin.command(["CLUSTER", "DELSLOTSRANGE", "0", "16383"])
        case .paused:
            // Nothing, not even CLIENT UNPAUSE, is served during CLIENT PAUSE ALL: the pause just ends.
            _ = try admin.command(["CLIENT", "PAUSE", "3000", "ALL"])
            pauseEnds = Date().addingTimeInterval(3)
        case .tryAgain:
            proxy = try RedisFaultProxy(upstream: nil) { _ in
                .answer(Array("-TRYAGAIN Multiple keys request during rehashing of slot\r\n".utf8))
            }
        case .reset:
            proxy = try RedisFaultProxy(upstream: server.socketPath) { _ in .loseReply }
        case .silent:
            proxy = try RedisFaultProxy(upstream: server.socketPath) { _ in .stall }
        }
        url = proxy?.url ?? server.url
    }

    /// Ends the fault and waits until the server answers again.
    func end(_ fault: RedisFault) throws {
        switch fault {
        case .outOfMemory: _ = try admin().command(["CONFIG", "SET", "maxmemory", "0"])
        case .loading: try waitFor { (try? self.admin().command(["PING"])) != nil }
        case .busyScript:
            _ = try? admin().command(["SCRIPT", "KILL"])
            try waitFor { (try? self.admin().command(["PING"])) != nil }
        case .readOnlyReplica, .masterDown: _ = try admin().command(["REPLICAOF", "NO", "ONE"])
        case .paused:
            Thread.sleep(until: pauseEnds)
            try waitFor { (try? self.admin().command(["PING"])) != nil }
        case .clusterDown: try Self.serveAllSlots(server)
        case .tryAgain, .reset, .silent: proxy?.stop()
        }
        proxy = nil
        url = server.url
    }

    private func startBlocking(_ command: [RedisArgument]) {
        let url = server.url
        let thread = Thread {
            let client = try? RedisClient(
                configuration: RedisConfiguration(url: url, commandTimeoutMilliseconds: 30_000))
            _ = try? client?.command(command)
        }
        thread.start()
        busyThread = thread
    }

    private func waitFor(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(10)
        while !condition() {
            guard Date() < deadline else { throw RedisTestServerError(message: "fault did not take hold in 10 s") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

@Suite("every Redis error class is 503 unavailable with Retry-After, never 500, and the log names it")
struct RedisFaultTests {
    /// The requests of the fault run: sign-in, verify with a key, key create (idempotent), key list, refresh.
    static func workload(_ redis: FaultyRedis) -> [(String, APIRequest)] {
        let fixture = redis.fixture
        let bearer = ["Authorization": "Bearer \(fixture.ownerKey.text)"]
        return [
            (
                "sign-in",
                SigninRequest.seed000(
                    org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
            ),
            ("verify (API key)", GatehouseFixture.request("GET", "/v1/verify", headers: bearer)),
            (
                "key create",
                GatehouseFixture.request(
                    "POST", "/v1/api_keys", headers: bearer.merging(["Idempotency-Key": "fault-1"]) { $1 },
                    json: #"{"name":"fault","scopes":["data:read"]}"#)
            ),
            ("key list", GatehouseFixture.request("GET", "/v1/api_keys", headers: bearer)),
            (
                "refresh",
                GatehouseFixture.request(
                    "POST", "/v1/auth/refresh", json: #"{"refresh_token":"\#(redis.refreshToken)"}"#)
            ),
        ]
    }

    @Test(
        "under each fault every route that needs Redis answers 503 unavailable with Retry-After",
        arguments: RedisFault.allCases)
    func failClosed(fault: RedisFault) throws {
        let redis = try FaultyRedis(cluster: fault == .clusterDown)
        try redis.begin(fault)
        defer { try? redis.end(fault) }
        let application = try redis.fixture.application(
            redisURL: redis.url,
            ["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 40), "GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS": "200"])
        for (name, request) in Self.workload(redis) {
            let response = application.handle(
                request, redis: RedisClient(configuration: application.configuration.redis))
            #expect(
                response.status == 503,
                "\(name) under \(fault): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
            #expect(response.errorCode == "unavailable", "\(name) under \(fault)")
            #expect(response.headers["Retry-After"] != nil, "\(name) under \(fault): no Retry-After")
        }
        let logs = redis.fixture.logs.text
        #expect(logs.contains(#""error_class":"\#(fault.errorClass)""#), "the log does not say \(fault.errorClass)")
        #expect(!logs.contains(redis.fixture.ownerKey.text) && !logs.contains(redis.refreshToken))
        try redis.end(fault)
        let recovered = try redis.fixture.call(
            "GET", "/v1/verify", key: redis.fixture.ownerKey.text, redisURL: redis.server.url)
        #expect(recovered.status == 200, "no recovery after \(fault)")
    }
}

@Suite("audit under faults: a JWT-only verify without Redis")
struct AuditUnderFaultTests {
    static func token(_ fixture: GatehouseFixture) throws -> String {
        try AccessTokenIssuer.issue(
            subject: "viewer", tenant: fixture.tenant, scopes: Role.viewer.defaultScopes, clientID: "gatehouse",
            configuration: try fixture.configuration(), now: SystemAccess.currentTimeMilliseconds()
        ).token
    }

    @Test("Redis unreachable: a JWT verify answers 200, and the lost record is logged and counted")
    func availableByDefault() throws {
        let fixture = try GatehouseFixture()
        let token = try Self.token(fixture)
        let before = AuditLoss.total
        let response = try fixture.call(
            "GET", "/v1/verify", headers: ["Authorization": "Bearer \(token)"], redisURL: "unix:///nonexistent/r.sock")
        #expect(response.status == 200)
        #expect(AuditLoss.total > before, "the lost record was not counted")
        let logs = fixture.logs.text
        #expect(logs.contains("audit record lost") && logs.contains(#""error_class":"connection""#))
        #expect(!logs.contains(token))
        // The same request with an API key needed Redis to decide: it cannot answer at all.
        let keyed = try fixture.call(
            "GET", "/v1/verify", key: fixture.ownerKey.text, redisURL: "unix:///nonexistent/r.sock")
        #expect(keyed.status == 503)
    }

    @Test("with GATEHOUSE_AUDIT_REQUIRED=true a JWT verify whose record is lost fails closed with 503")
    func requiredFailsClosed() throws {
        let fixture = try GatehouseFixture()
        let response = try fixture.call(
            "GET", "/v1/verify", headers: ["Authorization": "Bearer \(try Self.token(fixture))"],
            extra: ["GATEHOUSE_AUDIT_REQUIRED": "true"], redisURL: "unix:///nonexistent/r.sock")
        #expect(response.status == 503 && response.errorCode == "unavailable")
        #expect(response.headers["Retry-After"] != nil)
        let healthy = try fixture.call(
            "GET", "/v1/verify", headers: ["Authorization": "Bearer \(try Self.token(fixture))"],
            extra: ["GATEHOUSE_AUDIT_REQUIRED": "true"])
        #expect(healthy.status == 200)
    }

    @Test("a verify with an API key under OOM answers 503: its decision needed Redis, so no answer without its record")
    func keyedVerifyUnderOOM() throws {
        let redis = try FaultyRedis()
        try redis.begin(.outOfMemory)
        defer { try? redis.end(.outOfMemory) }
        let response = try redis.fixture.call(
            "GET", "/v1/verify", key: redis.fixture.ownerKey.text, redisURL: redis.url)
        #expect(response.status == 503)
        let stream = try redis.fixture.store.redisClient.command([
            "XLEN", .string(TenantKeys(redis.fixture.tenant).audit),
        ])
        #expect(stream.integerValue == 0)
    }
}
