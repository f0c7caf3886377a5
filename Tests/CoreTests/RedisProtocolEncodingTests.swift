import CHiredis
import Testing

@testable import GatehouseCore

/// Commands are written in the Redis protocol by ``RedisArgument/encode(_:)``, not by hiredis's
/// formatter: the bytes must be exactly what hiredis would have sent.
@Suite("Redis protocol encoding")
struct RedisProtocolEncodingTests {
    /// What hiredis's `redisFormatCommandArgv` writes for `arguments`.
    static func hiredis(_ arguments: [RedisArgument]) -> [UInt8] {
        var flat: [UInt8] = []
        var lengths: [Int] = []
        for argument in arguments {
            let bytes = argument.wireBytes
            flat += bytes
            lengths.append(bytes.count)
        }
        flat.append(0)  // never empty, so it has a base address
        return flat.withUnsafeBufferPointer { storage -> [UInt8] in
            let base = UnsafeRawPointer(storage.baseAddress!)
            var pointers: [UnsafePointer<CChar>?] = []
            var offset = 0
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            var target: UnsafeMutablePointer<CChar>? = nil
            let count = pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { redisFormatCommandArgv(&target, Int32(lengths.count), argv.baseAddress, $0.baseAddress) }
            }
            defer { redisFreeCommand(target) }
            guard count >= 0, let target else { return [] }
            return Array(UnsafeRawBufferPointer(start: target, count: Int(count)))
        }
    }

    static let commands: [[RedisArgument]] = [
        ["PING"],
        ["GET", "gh:{tenant}:key:1"],
        ["SET", "k", ""],
        ["SET", .bytes([0, 13, 10, 0xFF, 0]), .bytes([])],
        ["HSET", "h", "name", .string("Zoë ✓ 🔑")],
        ["INCRBY", "n", 0],
        ["INCRBY", "n", -1],
        ["INCRBY", "n", 9],
        ["INCRBY", "n", 10],
        ["INCRBY", "n", .integer(Int64.max)],
        ["INCRBY", "n", .integer(Int64.min)],
        [.string(String(repeating: "x", count: 70_000))],
        (0..<45).map { RedisArgument($0 * 1_000_003 - 20_000_000) },
    ]

    @Test("each command is byte for byte what hiredis's own formatter writes", arguments: commands)
    func matchesHiredis(command: [RedisArgument]) {
        #expect(RedisArgument.encode([command]) == Self.hiredis(command))
    }

    @Test("a pipeline is its commands back to back, in order")
    func pipeline() {
        #expect(RedisArgument.encode(Self.commands) == Self.commands.flatMap(Self.hiredis))
        #expect(RedisArgument.encode([]).isEmpty)
        #expect(RedisArgument.encode([["GET", "a"]]) == Array("*2\r\n$3\r\nGET\r\n$1\r\na\r\n".utf8))
    }
}
