import FuzzSupport
import GatehouseCore

/// RESP bytes from a (broken or hostile) server → RedisReply, through the same hiredis reader and
/// conversion a connection uses: never crashes, and what decodes re-encodes to replies that decode
/// the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let replies = try? RedisClient.replies(decoding: bytes) else { return 0 }
    for reply in replies {
        _ = reply.stringValue
        _ = reply.integerValue
        _ = try? RateLimiter.decision(from: reply, rule: RateLimitRule(name: "fuzz", limit: 5, windowSeconds: 60))
        let again = try? RedisClient.replies(decoding: encode(reply))
        if again != [reply] { fatalError("a decoded reply does not survive re-encoding") }
    }
    return 0
}

/// The RESP2 encoding of a reply.
func encode(_ reply: RedisReply) -> [UInt8] {
    switch reply {
    case .string(let bytes): return Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10]
    case .status(let text): return Array("+\(text)\r\n".utf8)
    case .error(let text): return Array("-\(text)\r\n".utf8)
    case .integer(let value): return Array(":\(value)\r\n".utf8)
    case .null: return Array("$-1\r\n".utf8)
    case .array(let elements): return Array("*\(elements.count)\r\n".utf8) + elements.flatMap(encode)
    }
}

/// SwiftPM links an executable's entry point as `FuzzRedisReply_main`: hand it to libFuzzer.
@_cdecl("FuzzRedisReply_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
