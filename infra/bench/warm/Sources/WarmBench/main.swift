// warm-bench keys TENANT COUNT        prints COUNT new API keys of TENANT's owner, one per line
// warm-bench loop TENANT INVOCATIONS  signin and jwks through LambdaRuntimeLoop; prints a table
// warm-bench codes TENANT COUNT CLIENT_ID REDIRECT_URI
//                                     prints COUNT token-request bodies (form-encoded, one per line),
//                                     each redeeming a fresh authorization code of user viewer for the
//                                     public client, issued with OAuthCodeStore.issue as the consent
//                                     page issues it (lifetime 10 minutes, the longest allowed)
// Reads GATEHOUSE_REDIS_URL and GATEHOUSE_SIGNING_KEYS_FILE like a function.
import GatehouseCore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A Runtime API in memory: hands out the scripted events and notes when each answer comes back.
final class MemoryRuntimeClient: LambdaRuntimeClient {
    var events: [[UInt8]]
    var handedOutAt: UInt64 = 0
    var latencies: [Double] = []
    var statuses: [Int64: Int] = [:]

    init(events: [[UInt8]]) { self.events = events.reversed() }

    func nextInvocation() throws(LambdaRuntimeError) -> LambdaInvocation {
        guard let event = events.popLast() else { throw .rejected(status: 410, "done") }
        handedOutAt = SystemAccess.monotonicNanoseconds()
        return LambdaInvocation(requestID: "bench", deadlineMilliseconds: nil, traceID: "Root=1-bench", event: event)
    }

    func sendResponse(_ body: [UInt8], requestID: String) throws(LambdaRuntimeError) {
        latencies.append(Double(SystemAccess.monotonicNanoseconds() - handedOutAt) / 1000)
        let status = (try? JSONValue.parse(body))?["statusCode"]?.integerValue ?? -1
        statuses[status, default: 0] += 1
    }

    func sendError(_ report: LambdaErrorReport, requestID: String) throws(LambdaRuntimeError) {
        statuses[-1, default: 0] += 1
    }

    func sendInitializationError(_ report: LambdaErrorReport) throws(LambdaRuntimeError) {}
}

/// `value` with one decimal (no Foundation here).
func fixed(_ value: Double, _ decimals: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((value * scale).rounded())
    let whole = String(scaled / Int64(scale))
    let fraction = String(abs(scaled % Int64(scale)))
    return decimals == 0 ? whole : whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}

func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func event(method: String, path: String, headers: JSONValue) -> [UInt8] {
    JSONValue.object([
        "version": "2.0", "rawPath": .string(path), "rawQueryString": "", "headers": headers,
        "requestContext": ["http": ["method": .string(method), "sourceIp": "127.0.0.1"]], "isBase64Encoded": false,
    ]).serialized()
}

let arguments = CommandLine.arguments
let usage = "usage: warm-bench keys|loop TENANT COUNT | warm-bench codes TENANT COUNT CLIENT_ID REDIRECT_URI"
guard arguments.count >= 4, let count = Int(arguments[3]) else {
    print(usage)
    exit(2)
}
let tenant = arguments[2]
let configuration = try Configuration(environment: SystemAccess.environment())
let store = TenantStore(redis: RedisClient(configuration: configuration.redis))

switch arguments[1] {
case "keys":
    for _ in 0..<count {
        let (record, key) = try store.createAPIKey(
            tenant: tenant, createdBy: "owner", name: "bench", scopes: ScopeSet(parsing: "*")!)
        print("\(key.text) \(record.id)")
    }
case "loop":
    // Signin is limited to 5 requests a minute per key: one key per 5 invocations.
    var signinEvents: [[UInt8]] = []
    for _ in 0..<((count + 4) / 5) {
        let (_, key) = try store.createAPIKey(
            tenant: tenant, createdBy: "owner", name: "bench", scopes: ScopeSet(parsing: "*")!)
        for _ in 0..<5 {
            signinEvents.append(
                event(
                    method: "POST", path: "/v1/\(tenant)/user/signin_with_api_key",
                    headers: ["x-api-key": .string(key.text), "x-user-id": "viewer"]))
        }
    }
    let application = Dispatcher(
        configuration: configuration, routes: FunctionCatalog.allRoutes,
        logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
    let redis = RedisClient(configuration: configuration.redis)
    func measure(_ name: String, _ events: [[UInt8]]) -> Double {
        let client = MemoryRuntimeClient(events: events)
        _ = LambdaRuntimeLoop(client: client, application: application, redis: redis).run(limit: events.count)
        let measured = Array(client.latencies.dropFirst(min(50, client.latencies.count / 10)))  // warm-up
        let median = percentile(measured, 0.5)
        print(
            "\(padded(name, 38)) \(measured.count) invocations  median \(fixed(median)) µs  p99 \(fixed(percentile(measured, 0.99))) µs  statuses \(client.statuses.sorted { $0.key < $1.key })"
        )
        return median
    }
    // One EVALSHA round trip with the same client, for the ratio (BENCH.md item 2).
    let sha = try redis.command(["SCRIPT", "LOAD", "return 1"]).stringValue ?? ""
    var trips: [Double] = []
    for _ in 0..<max(2000, count) {
        let started = SystemAccess.monotonicNanoseconds()
        _ = try redis.command(["EVALSHA", .string(sha), "0"])
        trips.append(Double(SystemAccess.monotonicNanoseconds() - started) / 1000)
    }
    let trip = percentile(trips, 0.5)
    print("\(padded("EVALSHA round trip (same client)", 38)) \(trips.count) calls  median \(fixed(trip)) µs")
    let signin = measure("signin seed 000 via the Lambda loop", Array(signinEvents.prefix(count)))
    let jwks = measure(
        "jwks via the Lambda loop",
        Array(repeating: event(method: "GET", path: "/.well-known/jwks.json", headers: [:]), count: count))
    print(
        "HEADLINE warm signin through the Lambda loop \(fixed(signin)) µs = \(fixed(signin / trip, 2))× one EVALSHA round trip (target ≤ 2.5×); jwks \(fixed(jwks)) µs (no Redis)"
    )
case "codes" where arguments.count == 6:
    let (clientID, redirectURI) = (arguments[4], arguments[5])
    for _ in 0..<count {
        let verifier = Base62.random(count: 43)
        let grant = OAuthCodeStore.Grant(
            clientID: clientID, subject: "viewer", tenant: tenant, requestedRedirectURI: redirectURI,
            codeChallenge: OAuthPKCE.challenge(ofVerifier: verifier)!, resource: nil,
            scopes: ScopeSet(parsing: "*")!)
        let code = try OAuthCodeStore.issue(
            grant, lifetimeSeconds: 600, now: SystemAccess.currentTimeMilliseconds(), redis: store.redisClient)
        print(
            FormURLEncoded.encode([
                ("grant_type", "authorization_code"), ("code", code.text), ("client_id", clientID),
                ("code_verifier", verifier), ("redirect_uri", redirectURI),
            ]))
    }
default:
    print(usage)
    exit(2)
}
