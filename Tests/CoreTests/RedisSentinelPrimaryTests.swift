import Foundation
import Testing

@testable import GatehouseCore

@Suite("RedisSentinelPrimary")
struct RedisSentinelPrimaryTests {
    @Test("a SENTINEL get-master-addr-by-name reply gives the address; anything else gives none")
    func sentinelReply() {
        let reply = RedisReply.array([.string(Array("10.0.0.5".utf8)), .string(Array("6380".utf8))])
        #expect(RedisSentinelPrimary.endpoint(sentinelReply: reply) == .tcp(host: "10.0.0.5", port: 6380))
        for other: RedisReply in [
            .null, .array([]), .array([.string(Array("h".utf8))]),
            .array([.string(Array("h".utf8)), .string(Array("0".utf8))]),
            .array([.string([]), .string(Array("6379".utf8))]), .status("OK"),
        ] {
            #expect(RedisSentinelPrimary.endpoint(sentinelReply: other) == nil, "\(other)")
        }
    }

    @Test("ROLE says primary only for master")
    func role() {
        #expect(RedisSentinelPrimary.isPrimary(roleReply: .array([.string(Array("master".utf8)), .integer(0)])))
        #expect(!RedisSentinelPrimary.isPrimary(roleReply: .array([.string(Array("slave".utf8))])))
        #expect(!RedisSentinelPrimary.isPrimary(roleReply: .array([.string(Array("sentinel".utf8))])))
        #expect(!RedisSentinelPrimary.isPrimary(roleReply: .error("ERR unknown command")))
    }

    @Test("the address file: written when a new address is learned, read once by a cold client, damage ignored")
    func addressFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("primary-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = RedisSentinelPrimary(file: path)
        #expect(writer.known() == nil)
        writer.learn(.tcp(host: "::1", port: 6390))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "::1 6390\n")

        var cold = RedisSentinelPrimary(file: path)
        #expect(cold.known() == .tcp(host: "::1", port: 6390))
        cold.forget()
        #expect(cold.known() == nil, "a forgotten address must not be read back from the file")

        try "garbage\n".write(toFile: path, atomically: true, encoding: .utf8)
        var damaged = RedisSentinelPrimary(file: path)
        #expect(damaged.known() == nil)
        #expect(RedisSentinelPrimary.endpoint(text: "h 70000") == nil)
        #expect(RedisSentinelPrimary.endpoint(text: "h\t6379\n") == .tcp(host: "h", port: 6379))
    }
}
