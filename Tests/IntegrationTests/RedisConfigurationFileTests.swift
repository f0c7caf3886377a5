import Foundation
import GatehouseCore
import Testing

@Suite("infra/redis/redis.conf")
struct RedisConfigurationFileTests {
    @Test("Gatehouse works under the production configuration: its ACL user, AOF on, no eviction")
    func productionConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-redis-conf-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try TestPorts.free()
        let server = try SupervisedProcess(
            [
                "/usr/bin/redis-server", repositoryRoot.appendingPathComponent("infra/redis/redis.conf").path,
                "--dir", directory.path, "--port", String(port), "--bind", "127.0.0.1",
            ], logPath: directory.appendingPathComponent("redis.log").path)
        defer { server.stop() }
        try TestPorts.waitUntilListening(port, process: server)

        let url = "redis://gatehouse:CHANGE-ME@127.0.0.1:\(port)"
        let fixture = try GatehouseFixture(redisURL: url)
        let signin = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
        #expect(try fixture.send(signin, redisURL: url).status == 200, "\(fixture.logs.text.suffix(800))")

        let client = RedisClient(configuration: try RedisConfiguration(url: url))
        guard case .string(let persistence) = try client.command(["INFO", "persistence"]) else {
            Issue.record("INFO persistence gave no text")
            return
        }
        #expect(String(decoding: persistence, as: UTF8.self).contains("aof_enabled:1"))
        // The user reaches Gatehouse's keys only, and none of the dangerous commands.
        #expect(throws: RedisError.self) { try client.command(["SET", "not-gatehouse", "1"]) }
        #expect(throws: RedisError.self) { try client.command(["FLUSHALL"]) }
        let anonymous = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(port)"))
        #expect(throws: RedisError.self) { try anonymous.command(["PING"]) }
    }
}
