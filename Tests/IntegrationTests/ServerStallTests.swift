import Foundation
import GatehouseCore
import Synchronization
import Testing

/// gatehouse-server while Redis stalls (`CLIENT PAUSE`): requests that need no Redis are not
/// queued behind those that do, and a request that waited longer than the command timeout is shed.
@Suite("gatehouse-server under a Redis stall: no head-of-line blocking, stale requests shed")
struct ServerStallTests {
    @Test("during CLIENT PAUSE, JWT verifies and jwks answer at once; keyed verifies answer 503 within bounds")
    func stall() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let port = try TestPorts.free()
        let directory = redis.directory!.path
        let server = try SupervisedProcess(
            [BuiltProducts.path("gatehouse-server"), "--port", String(port), "--workers", "2"],
            environment: fixture.processEnvironment(["GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS": "300"]),
            logPath: directory + "/server.log")
        defer { server.stop() }
        try TestPorts.waitUntilListening(port, process: server)
        let token = try AuditUnderFaultTests.token(fixture)
        let jwt = ["Authorization": "Bearer \(token)"]
        let keyed = ["Authorization": "Bearer \(fixture.ownerKey.text)"]
        #expect(LoopbackHTTP.send(port: port, path: "/v1/verify", headers: keyed).status == 200)
        #expect(LoopbackHTTP.send(port: port, path: "/v1/verify", headers: jwt).status == 200)

        _ = try redis.client().command(["CLIENT", "PAUSE", "3000", "ALL"])
        let keyedResults = Mutex<[(status: Int, seconds: Double)]>([])
        let group = DispatchGroup()
        for _ in 0..<16 {
            group.enter()
            Thread.detachNewThread {
                let result = LoopbackHTTP.send(port: port, path: "/v1/verify", headers: keyed)
                keyedResults.withLock { $0.append(result) }
                group.leave()
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        var free: [(status: Int, seconds: Double)] = []
        for index in 0..<10 {
            free.append(
                LoopbackHTTP.send(
                    port: port, path: index.isMultiple(of: 2) ? "/v1/verify" : "/.well-known/jwks.json",
                    headers: jwt))
        }
        group.wait()

        #expect(free.allSatisfy { $0.status == 200 }, "\(free)")
        #expect(free.map(\.seconds).max()! < 0.25, "requests needing no Redis waited: \(free.map(\.seconds))")
        let results = keyedResults.withLock { $0 }
        #expect(results.allSatisfy { $0.status == 503 }, "\(results.map(\.status))")
        // Shed after 300 ms in the queue, or one 300 ms timeout on a worker: never the whole pause.
        #expect(results.map(\.seconds).max()! < 1.5, "keyed verifies queued: \(results.map(\.seconds))")
        #expect(server.log().contains("request shed"))
        Thread.sleep(forTimeInterval: 3)
        #expect(LoopbackHTTP.send(port: port, path: "/v1/verify", headers: keyed).status == 200)
    }
}
