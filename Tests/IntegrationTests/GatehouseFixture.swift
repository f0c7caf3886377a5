import Foundation
import GatehouseCore
import Logging
import Synchronization

/// Signing keys shared by every integration test of the process.
enum TestSigningKeys {
    /// An ES256 key (newest, signs by default), an EdDSA key and an RS256 key.
    static let privateJSON: String = {
        let set = try! JWKSet(keys: [
            SigningKey.generate(.edDSA, notBefore: 1), SigningKey.generate(.rs256, notBefore: 1),
            SigningKey.generate(.es256, notBefore: 2),
        ])
        return set.privateJWKSetJSON()
    }()
}

/// Collects log lines so tests can assert that no secret is ever logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger writing JSON lines here.
    func logger(label: String = "test") -> Logger {
        Logger(label: label) { label in
            JSONLogHandler(label: label, level: .trace) { [self] bytes in
                lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
    }

    /// Everything logged so far.
    var text: String { lines.withLock { $0.joined() } }
}

/// A tenant with an owner, an admin, an editor and a viewer, and one key of the owner's, in the
/// shared test Redis; every test builds its own so tests never see each other's data.
struct GatehouseFixture {
    let redisURL: String
    let tenant: String
    let store: TenantStore
    let ownerKey: APIKey
    let ownerKeyRecord: KeyRecord
    let logs = LogCapture()

    /// A fresh tenant in the shared test Redis.
    init(redisURL: String = RedisTestServer.shared.url) throws {
        self.redisURL = redisURL
        tenant = "t-" + Base62.random(count: 12).lowercased()
        store = TenantStore(redis: RedisClient(configuration: try RedisConfiguration(url: redisURL)))
        try store.createTenant(id: tenant)
        try store.createUser(tenant: tenant, id: "owner", role: .owner)
        try store.createUser(tenant: tenant, id: "admin", role: .admin)
        try store.createUser(tenant: tenant, id: "editor", role: .editor)
        try store.createUser(tenant: tenant, id: "viewer", role: .viewer)
        let (record, secret) = try store.createAPIKey(
            tenant: tenant, createdBy: "owner", name: "fixture", scopes: ScopeSet(parsing: "*")!)
        ownerKey = secret
        ownerKeyRecord = record
    }

    /// The configuration the functions would read, pointed at a Redis URL.
    func configuration(redisURL: String? = nil, _ extra: [String: String] = [:]) throws -> Configuration {
        var environment = [
            "GATEHOUSE_REDIS_URL": redisURL ?? self.redisURL, "GATEHOUSE_SIGNING_KEYS": TestSigningKeys.privateJSON,
            "GATEHOUSE_ISSUER": "https://gatehouse.test", "GATEHOUSE_AUDIENCE": "gatehouse-tests",
            "GATEHOUSE_MODE": "test",
        ]
        environment.merge(extra) { _, new in new }
        return try Configuration(environment: environment)
    }

    /// An application serving every route, logging into ``logs``.
    func application(
        redisURL: String? = nil, _ extra: [String: String] = [:],
        clock: @escaping @Sendable () -> Int64 = SystemAccess.currentTimeMilliseconds
    ) throws -> Dispatcher {
        Dispatcher(
            configuration: try configuration(redisURL: redisURL, extra), routes: FunctionCatalog.allRoutes,
            logger: logs.logger(), clock: clock)
    }

    /// Handles one request in process with a new Redis connection.
    func send(
        _ request: APIRequest, redisURL: String? = nil, _ extra: [String: String] = [:]
    ) throws
        -> APIResponse
    {
        let application = try application(redisURL: redisURL, extra)
        let redis = RedisClient(configuration: application.configuration.redis)
        let response = application.handle(request, redis: redis)
        response.runDeferred(redis: redis)
        return response
    }

    /// Creates another key.
    func makeKey(
        by user: String = "owner", scopes: String = "*", mode: ScopeMode = .strict, expiresAt: Int64? = nil,
        test: Bool = false
    ) throws -> (KeyRecord, APIKey) {
        try store.createAPIKey(
            tenant: tenant, createdBy: user, name: "made", scopes: ScopeSet(parsing: scopes)!, scopeMode: mode,
            expiresAt: expiresAt, isTest: test)
    }
}

extension APIResponse {
    /// The body parsed as JSON (a test failure if it is not).
    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    /// The `error.code` of an error envelope.
    var errorCode: String? { json["error"]?["code"]?.stringValue }
}

/// Requests of the three sign-in shapes.
enum SigninRequest {
    static func seed000(org: String, key: String?, keyID: String?, user: String?) -> APIRequest {
        var headers = HeaderFields()
        if let key { headers.add("x-api-key", key) }
        if let keyID { headers.add("x-api-key-id", keyID) }
        if let user { headers.add("x-user-id", user) }
        return APIRequest(method: "POST", path: "/v1/\(org)/user/signin_with_api_key", headers: headers)
    }

    static func seed004(tenant: String?, key: String, userID: String) -> APIRequest {
        let path = tenant.map { "/tenant/\($0)/v2.0/Auth/token-exchange" } ?? "/v2.0/Auth/token-exchange"
        return APIRequest(
            method: "POST", path: path, headers: ["X-API-Key": key, "Content-Type": "application/json"],
            body: Array(JSONValue.object(["userId": .string(userID)]).serialized()))
    }

    static func tokenExchange(key: String, user: String) -> APIRequest {
        let form = FormURLEncoded.encode([
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", key),
            ("subject_token_type", "urn:gatehouse:token-type:api-key"), ("requested_subject", user),
        ])
        return APIRequest(
            method: "POST", path: "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(form.utf8))
    }
}
