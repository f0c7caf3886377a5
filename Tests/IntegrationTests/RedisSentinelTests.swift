import Foundation
import GatehouseCore
import Testing

/// Routes on a primary and a replica that three real Redis Sentinels monitor (`redis-sentinel://`),
/// through the function executables and in process, while the primary dies or is demoted.
@Suite("Redis Sentinel", .serialized)
struct RedisSentinelTests {
    static let durable = [
        "GATEHOUSE_REDIS_DURABLE_WRITES": "replica",
        "GATEHOUSE_SERVER_SECRET": "sentinel-test-server-secret-0123456789",
    ]

    static func verify(_ key: APIKey) -> APIRequest {
        APIRequest(method: "GET", path: "/v1/verify", headers: ["x-api-key": key.text])
    }

    static func createKey(by fixture: GatehouseFixture, idempotencyKey: String) -> APIRequest {
        APIRequest(
            method: "POST", path: "/v1/api_keys",
            headers: [
                "x-api-key": fixture.ownerKey.text, "Content-Type": "application/json",
                "Idempotency-Key": idempotencyKey,
            ],
            body: Array(#"{"name":"sentinel","scopes":["data:read"]}"#.utf8))
    }

    static func revoke(_ id: String, by fixture: GatehouseFixture) -> APIRequest {
        APIRequest(
            method: "DELETE", path: "/v1/api_keys/\(id)", headers: ["x-api-key": fixture.ownerKey.text])
    }

    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-primary-\(UUID().uuidString)").path
    }

    /// `GET`, `EVALSHA` and `EVAL` calls the node served since its statistics were reset: the
    /// request's round trips (each sends one of them; `ROLE` rides along in the first).
    static func roundTrips(on node: RedisTestServer) throws -> Int {
        let info = try node.client().command(["INFO", "commandstats"]).stringValue ?? ""
        var total = 0
        for line in info.split(whereSeparator: \.isNewline)
        where ["cmdstat_get:", "cmdstat_evalsha:", "cmdstat_eval:"].contains(where: line.hasPrefix) {
            for field in line.split(separator: ":")[1].split(separator: ",") {
                let parts = field.split(separator: "=")
                if parts[0] == "calls" { total += Int(parts[1]) ?? 0 }
            }
        }
        return total
    }

    @Test(
        "sign-in, verify, key create with Idempotency-Key and a durable revoke through the function executables; a sentinel down is skipped; with the address file a cold process needs no sentinel, and spends the round trips of one Redis"
    )
    func routesThroughFunctions() throws {
        let group = try RedisTestSentinels()
        let fixture = try GatehouseFixture(redisURL: group.url())
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let settings = Self.durable.merging(["GATEHOUSE_REDIS_SLOT_MAP_FILE": file]) { $1 }
        let environment = fixture.processEnvironment(settings)
        let signin = SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer")
        let verifyOwner = Self.verify(fixture.ownerKey)

        let first = try FunctionProcess.cgi("signin", signin, configuration: environment)
        #expect(first.response.status == 200, "\(first.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "127.0.0.1 \(group.primary.tcpPort!)\n")
        #expect(try FunctionProcess.cgi("verify", verifyOwner, configuration: environment).response.status == 200)
        for (function, request, what) in [
            ("signin", signin, "sign-in naming the tenant"), ("verify", verifyOwner, "verify"),
        ] {
            _ = try group.primary.client().command(["CONFIG", "RESETSTAT"])
            #expect(try FunctionProcess.cgi(function, request, configuration: environment).response.status == 200)
            #expect(try Self.roundTrips(on: group.primary) == 1, "a cold \(what): one round trip")
        }

        let idempotencyKey = UUID().uuidString
        let created = try FunctionProcess.cgi(
            "keys", Self.createKey(by: fixture, idempotencyKey: idempotencyKey), configuration: environment)
        #expect(created.response.status == 201, "\(created.stderr)")
        let id = try #require(created.response.json["id"]?.stringValue)
        let replayed = try FunctionProcess.cgi(
            "keys", Self.createKey(by: fixture, idempotencyKey: idempotencyKey), configuration: environment)
        #expect(replayed.response.json["id"]?.stringValue == id, "the Idempotency-Key replay names the same key")
        let secret = try #require(created.response.json["key"]?.stringValue)
        let key = try #require(APIKey.parse(secret))
        #expect(try FunctionProcess.cgi("verify", Self.verify(key), configuration: environment).response.status == 200)
        let revoked = try FunctionProcess.cgi("keys", Self.revoke(id, by: fixture), configuration: environment)
        #expect((200..<300).contains(revoked.response.status), "durable revocation: \(revoked.stderr)")
        #expect(try FunctionProcess.cgi("verify", Self.verify(key), configuration: environment).response.status == 401)

        // The first sentinel down: a cold process without the file asks the next one.
        group.sentinels[0].stop()
        let withoutFileSettings = fixture.processEnvironment(Self.durable)
        #expect(
            try FunctionProcess.cgi("verify", verifyOwner, configuration: withoutFileSettings).response.status == 200)
        // Every sentinel down: a cold process that has the file does not need one; one without it does.
        for sentinel in group.sentinels { sentinel.stop() }
        #expect(try FunctionProcess.cgi("signin", signin, configuration: environment).response.status == 200)
        #expect(try FunctionProcess.cgi("verify", verifyOwner, configuration: environment).response.status == 200)
        let withoutFile = try FunctionProcess.cgi("verify", verifyOwner, configuration: withoutFileSettings).response
        #expect(withoutFile.status == 503)
        #expect(withoutFile.headers["Retry-After"] != nil)
    }

    /// Per fixture: verify (and sign-in, when asked: its rate limit allows few per minute) through
    /// the long-lived client and a fresh one (a cold function), and a key created with an
    /// `Idempotency-Key` through the long-lived one.
    static func round(
        _ fixtures: [GatehouseFixture], application: Dispatcher, warm: RedisClient,
        signin: Bool = false
    ) -> FailoverRound {
        var round = FailoverRound()
        for fixture in fixtures {
            let signinRequest = SigninRequest.seed000(
                org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer")
            for request in [Self.verify(fixture.ownerKey)] + (signin ? [signinRequest] : []) {
                for client in [warm, RedisClient(configuration: application.configuration.redis)] {
                    let started = ContinuousClock.now
                    let response = application.handle(request, redis: client)
                    response.runDeferred(redis: client)
                    round.record(response.status, retryAfter: response.headers["Retry-After"], since: started)
                }
            }
            let started = ContinuousClock.now
            let response = application.handle(
                Self.createKey(by: fixture, idempotencyKey: UUID().uuidString), redis: warm)
            response.runDeferred(redis: warm)
            round.record(response.status, retryAfter: response.headers["Retry-After"], since: started)
        }
        return round
    }

    @Test(
        "the primary killed under load: 503 with Retry-After while the sentinels fail over, never 500, then 200 within seconds without a restart; a durable revocation stays dead on the promoted replica"
    )
    func primaryKilled() throws {
        let group = try RedisTestSentinels()
        let fixtures = try (0..<3).map { _ in try GatehouseFixture(redisURL: group.url()) }
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let settings = Self.durable.merging(["GATEHOUSE_REDIS_SLOT_MAP_FILE": file]) { $1 }
        let application = try fixtures[0].application(settings)
        let warm = RedisClient(configuration: application.configuration.redis)
        let before = Self.round(fixtures, application: application, warm: warm, signin: true)
        #expect(before.allSucceeded, "before the failover: \(before.statuses)")
        let (record, key) = try fixtures[0].makeKey(scopes: "data:read")
        #expect(application.handle(Self.verify(key), redis: warm).status == 200)
        let revoked = application.handle(Self.revoke(record.id, by: fixtures[0]), redis: warm)
        #expect((200..<300).contains(revoked.status), "durable revocation answered \(revoked.status)")

        let oldPrimary = group.primary.tcpPort!
        try group.primary.crash()
        let killed = ContinuousClock.now
        let cgiEnvironment = fixtures[0].processEnvironment(settings)
        // Each round also runs the verify executable, a cold CGI process.
        let recovery = try FailoverRecovery.measure(since: killed) {
            var round = Self.round(fixtures, application: application, warm: warm)
            let started = ContinuousClock.now
            let response = try FunctionProcess.cgi(
                "verify", Self.verify(fixtures[0].ownerKey), configuration: cgiEnvironment
            ).response
            round.record(response, since: started)
            return round
        }
        let (window, failures, requests) = (recovery.window, recovery.failures, recovery.requests)
        #expect(Set(failures.keys).isSubset(of: [503]), "answers other than 2xx and 503: \(failures)")
        let recovered = try #require(window, "no recovery within 30 s of the kill (failures \(failures))")
        #expect(recovered < .seconds(15))
        #expect(try group.primaryPort() == group.replica.tcpPort!)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "127.0.0.1 \(group.replica.tcpPort!)\n")
        let cold = RedisClient(configuration: application.configuration.redis)
        #expect(application.handle(Self.verify(key), redis: cold).status == 401, "the revoked key came back")
        let after = Self.round(fixtures, application: application, warm: warm, signin: true)
        #expect(after.allSucceeded, "sign-in and verify after the failover: \(after.statuses)")
        print(
            "sentinel failover (primary :\(oldPrimary) killed): window \(recovered), \(requests) requests, failed answers by status \(failures)"
        )
    }

    @Test(
        "SENTINEL FAILOVER demotes the primary: the warm client and a cold one whose address file names the demoted node both reach the new primary"
    )
    func demotedPrimary() throws {
        let group = try RedisTestSentinels()
        let fixtures = [try GatehouseFixture(redisURL: group.url())]
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let application = try fixtures[0].application(
            Self.durable.merging(["GATEHOUSE_REDIS_SLOT_MAP_FILE": file]) { $1 })
        let warm = RedisClient(configuration: application.configuration.redis)
        #expect(Self.round(fixtures, application: application, warm: warm).allSucceeded)
        let stale = try String(contentsOfFile: file, encoding: .utf8)
        #expect(stale == "127.0.0.1 \(group.primary.tcpPort!)\n")

        _ = try group.sentinels[0].client().command(["SENTINEL", "FAILOVER", .string(RedisTestSentinels.masterName)])
        let started = ContinuousClock.now
        try group.waitForFailover(awayFrom: group.primary.tcpPort!)
        try Self.waitUntil("the demoted node answers as a replica") {
            try group.primary.client().command(["ROLE"]).arrayValue?.first?.stringValue == "slave"
        }
        let recovery = FailoverRecovery.measure(since: started) {
            Self.round(fixtures, application: application, warm: warm)
        }
        let (window, failures) = (recovery.window, recovery.failures)
        #expect(Set(failures.keys).isSubset(of: [503]), "answers other than 2xx and 503: \(failures)")
        #expect(window != nil, "no recovery after SENTINEL FAILOVER (failures \(failures))")

        // A cold process with the old address: the demoted node answers ROLE as a replica.
        try stale.write(toFile: file, atomically: true, encoding: .utf8)
        let cold = RedisClient(configuration: application.configuration.redis)
        #expect(application.handle(Self.verify(fixtures[0].ownerKey), redis: cold).status == 200)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "127.0.0.1 \(group.replica.tcpPort!)\n")
    }

    @Test(
        "a wrong master name or unreachable sentinels answer 503 with Retry-After at request time; a malformed URL stops start-up naming GATEHOUSE_REDIS_URL"
    )
    func badInput() throws {
        let group = try RedisTestSentinels()
        let fixture = try GatehouseFixture(redisURL: group.url())
        let unused = try (0..<3).map { _ in try RedisTestServer.freeTCPPort() }
        let unreachable = "redis-sentinel://" + unused.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/gatehouse"
        for (url, logged) in [(group.url(master: "no-such-master"), "knows no master"), (unreachable, "connect")] {
            let started = ContinuousClock.now
            let response = try fixture.send(Self.verify(fixture.ownerKey), redisURL: url)
            #expect(response.status == 503, "\(url)")
            #expect(response.errorCode == "unavailable")
            #expect(response.headers["Retry-After"] != nil)
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(fixture.logs.text.contains(logged), "the log does not say '\(logged)'")
            let cgi = try FunctionProcess.cgi(
                "signin",
                SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer"),
                configuration: fixture.processEnvironment(["GATEHOUSE_REDIS_URL": url]))
            #expect(cgi.response.status == 503, "\(url): \(cgi.stderr)")
            #expect(cgi.response.headers["Retry-After"] != nil)
        }
        for malformed in [
            "redis-sentinel://127.0.0.1:\(group.sentinels[0].tcpPort!)",
            "redis-sentinel://127.0.0.1:\(group.sentinels[0].tcpPort!)/bad name",
            "redis-sentinel:///gatehouse", "redis-sentinel://:secret-in-url@h:99999/gatehouse",
        ] {
            #expect {
                _ = try fixture.configuration(redisURL: malformed)
            } throws: { error in
                "\(error)".contains("GATEHOUSE_REDIS_URL") && !"\(error)".contains("secret-in-url")
            }
            let cgi = try FunctionProcess.cgi(
                "verify", Self.verify(fixture.ownerKey),
                configuration: fixture.processEnvironment(["GATEHOUSE_REDIS_URL": malformed]))
            #expect(cgi.response.status == 500, "\(malformed)")
            #expect(cgi.stderr.contains("GATEHOUSE_REDIS_URL"), "\(malformed): \(cgi.stderr)")
            #expect(!cgi.stderr.contains("secret-in-url"))
        }
    }

    private static func waitUntil(_ what: String, _ ready: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? ready()) == true { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw RedisTestServerError(message: "not within 20 s: \(what)")
    }
}
