import Foundation
import GatehouseCore
import Testing

/// Routes on a 3-primary/3-replica Redis Cluster while a primary dies and its replica takes over.
@Suite("Redis Cluster failover", .serialized)
struct RedisFailoverTests {
    typealias Round = FailoverRound

    /// One request per fixture (`GET /v1/verify` with its owner key, or a sign-in), through the
    /// long-lived server client and through a fresh client per request (a cold function), and a
    /// key created with an `Idempotency-Key` through the server client.
    static func round(
        _ fixtures: [GatehouseFixture], applications: [Dispatcher], warm: RedisClient,
        signin: Bool = false
    ) -> Round {
        var round = Round()
        for (fixture, application) in zip(fixtures, applications) {
            let request =
                signin
                ? SigninRequest.seed000(
                    org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
                : APIRequest(
                    method: "GET", path: "/v1/verify", headers: ["x-api-key": fixture.ownerKey.text])
            for client in [warm, RedisClient(configuration: application.configuration.redis)] {
                let started = ContinuousClock.now
                let response = application.handle(request, redis: client)
                response.runDeferred(redis: client)
                round.record(response, since: started)
            }
            let create = APIRequest(
                method: "POST", path: "/v1/api_keys",
                headers: [
                    "x-api-key": fixture.ownerKey.text, "Content-Type": "application/json",
                    "Idempotency-Key": UUID().uuidString,
                ],
                body: Array(#"{"name":"failover","scopes":["data:read"]}"#.utf8))
            let started = ContinuousClock.now
            let response = application.handle(create, redis: warm)
            response.runDeferred(redis: warm)
            round.record(response, since: started)
        }
        return round
    }

    @Test(
        "a primary killed under verify and sign-in: 503 with Retry-After while the cluster fails over, never 500, then 200 again within seconds without a restart"
    )
    func primaryKilled() throws {
        let cluster = try RedisTestCluster(replicasPerPrimary: 1, nodeTimeoutMilliseconds: 1000)
        // Enough tenants that every primary serves some.
        let fixtures = try (0..<9).map { _ in try GatehouseFixture(redisURL: cluster.url) }
        let applications = try fixtures.map {
            try $0.application(["GATEHOUSE_SERVER_SECRET": "failover-test-server-secret-0123456789"])
        }
        let warm = RedisClient(configuration: applications[0].configuration.redis)
        for signin in [true, false] {
            let before = Self.round(fixtures, applications: applications, warm: warm, signin: signin)
            #expect(before.allSucceeded, "before the failover: \(before.statuses)")
        }

        let victim = try cluster.owner(of: TenantKeys(fixtures[0].tenant).prefix)
        try cluster.replicated(victim)
        try victim.crash()
        let killed = ContinuousClock.now
        let recovery = FailoverRecovery.measure(since: killed) {
            Self.round(fixtures, applications: applications, warm: warm)
        }
        let failures = recovery.failures
        #expect(Set(failures.keys).isSubset(of: [503]), "answers other than 200 and 503: \(failures)")
        let window = try #require(recovery.window, "no recovery within 30 s of the kill (failures \(failures))")
        #expect(window < .seconds(15))
        let signins = Self.round(fixtures, applications: applications, warm: warm, signin: true)
        #expect(signins.allSucceeded, "sign-in after the failover: \(signins.statuses)")
        print("failover: window \(window), failed answers by status \(failures)")
    }

    @Test(
        "a cluster that is down (CLUSTERDOWN): pipelines throw it as unavailable and routes answer 503; once the replica takes over, 200"
    )
    func clusterDown() throws {
        let cluster = try RedisTestCluster(replicasPerPrimary: 1, nodeTimeoutMilliseconds: 1000)
        let fixture = try GatehouseFixture(redisURL: cluster.url)
        let application = try fixture.application()
        let warm = RedisClient(configuration: application.configuration.redis)
        let verify = APIRequest(
            method: "GET", path: "/v1/verify", headers: ["x-api-key": fixture.ownerKey.text])
        #expect(application.handle(verify, redis: warm).status == 200)

        let victim = try cluster.owner(of: TenantKeys(fixture.tenant).prefix)
        let survivor = try #require(cluster.primaries.first { $0 !== victim })
        // The victim's replica waits for permission to take over, so the cluster stays down meanwhile.
        let replicas = cluster.nodes.dropFirst(3)
        // A key on a live primary: once the cluster is down, the node answers, but only with CLUSTERDOWN.
        let liveKey = try (0..<64).map { "gh:{live-\($0)}:x" }.first { try cluster.owner(of: $0) === survivor }!
        for replica in replicas {
            _ = try replica.client(tcp: true).command(["CONFIG", "SET", "cluster-replica-no-failover", "yes"])
        }
        try cluster.replicated(victim)
        try victim.crash()
        let deadline = Date().addingTimeInterval(20)
        while try survivor.client(tcp: true).command(["CLUSTER", "INFO"]).stringValue?.contains("cluster_state:fail")
            != true
        {
            try #require(Date() < deadline, "the cluster never reported cluster_state:fail")
            Thread.sleep(forTimeInterval: 0.05)
        }

        let client = RedisClient(configuration: try RedisConfiguration(url: cluster.url))
        #expect {
            _ = try client.pipeline([["SET", .string(liveKey), "1"], ["GET", .string(liveKey)]])
        } throws: { error in
            (error as? RedisError)?.isUnavailable == true && (error as? RedisError)?.errorClass == "CLUSTERDOWN"
        }
        for client in [warm, RedisClient(configuration: application.configuration.redis)] {
            let response = application.handle(verify, redis: client)
            #expect(response.status == 503)
            #expect(response.headers["Retry-After"] != nil)
        }

        for replica in replicas {
            _ = try replica.client(tcp: true).command(["CONFIG", "SET", "cluster-replica-no-failover", "no"])
        }
        var status = 0
        while Date() < deadline.addingTimeInterval(10), status != 200 {
            status = application.handle(verify, redis: warm).status
            // 401 here would mean the promoted replica lacks the owner key: stop at the first one.
            try #require([200, 503].contains(status), "the cluster answered \(status) while it failed over")
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(status == 200, "no recovery after the replica was allowed to take over")
    }
}
