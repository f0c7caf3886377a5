import Testing

@testable import GatehouseCore

@Suite("RedisError and RedisReply")
struct RedisErrorTests {
    @Test("a server error keeps only its code in the description, the full text in serverMessage")
    func serverErrorIsSecretFree() {
        let error = RedisError.server("ERR unknown command 'hunter2secret', with args beginning with: 'x'")
        #expect(error.kind == .server)
        #expect(!error.isUnavailable)
        #expect(error.description == "redis server: ERR")
        #expect(error.serverMessage?.contains("hunter2secret") == true)
        #expect(RedisError.server("WRONGTYPE Operation against a key").description == "redis server: WRONGTYPE")
        #expect(RedisError.server("oops lowercase").detail == "ERR")
    }

    @Test("every kind but server means Redis is unavailable")
    func unavailable() {
        #expect(RedisError.connection("x").isUnavailable)
        #expect(RedisError.timeout("x").isUnavailable)
        #expect(RedisError.protocol("x").isUnavailable)
    }

    @Test("reply accessors answer only for their own case")
    func accessors() {
        #expect(RedisReply.string(Array("hi".utf8)).stringValue == "hi")
        #expect(RedisReply.status("OK").stringValue == "OK")
        #expect(RedisReply.string([0xff, 0xfe]).stringValue == nil)
        // Beyond ASCII: valid UTF-8 decodes, a truncated or overlong sequence does not.
        #expect(RedisReply.string(Array("Zoë ✓".utf8)).stringValue == "Zoë ✓")
        #expect(RedisReply.string(Array("ok".utf8) + [0xc3]).stringValue == nil)
        #expect(RedisReply.string([0xc0, 0xaf]).stringValue == nil)
        #expect(RedisReply.string([]).stringValue == "")
        #expect(RedisReply.string([0, 1]).bytes == [0, 1])
        #expect(RedisReply.integer(7).integerValue == 7)
        #expect(RedisReply.string(Array("7".utf8)).integerValue == nil)
        #expect(RedisReply.array([.null]).arrayValue == [.null])
        #expect(RedisReply.null.isNull)
        #expect(RedisReply.error("ERR x").errorMessage == "ERR x")
        #expect(RedisReply.error("ERR x").stringValue == nil)
    }

    @Test("a script's SHA-1 is the lower-case hex digest of its source")
    func scriptDigest() {
        // printf 'return 1' | sha1sum
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }
}

@Suite("RedisRedirect")
struct RedisRedirectTests {
    @Test("MOVED names the slot and the node that owns it")
    func moved() throws {
        let redirect = try #require(RedisRedirect(errorMessage: "MOVED 3999 127.0.0.1:6381"))
        #expect(redirect.kind == .moved)
        #expect(redirect.slot == 3999)
        #expect(redirect.endpoint(answering: .tcp(host: "10.0.0.1", port: 7000)) == .tcp(host: "127.0.0.1", port: 6381))
    }

    @Test("ASK is a one-off redirect")
    func ask() throws {
        let redirect = try #require(RedisRedirect(errorMessage: "ASK 16383 cache-2.internal:7002"))
        #expect(redirect.kind == .ask)
        #expect(redirect.slot == 16383)
        #expect(redirect.endpoint(answering: .tcp(host: "x", port: 1)) == .tcp(host: "cache-2.internal", port: 7002))
    }

    @Test("IPv6 nodes parse with or without brackets")
    func ipv6() throws {
        #expect(RedisRedirect(errorMessage: "MOVED 1 ::1:7000")?.host == "::1")
        #expect(RedisRedirect(errorMessage: "MOVED 1 [::1]:7000")?.host == "::1")
        #expect(RedisRedirect(errorMessage: "MOVED 1 [::1]:7000")?.port == 7000)
    }

    @Test("an empty host means the host of the node that answered")
    func unknownHost() throws {
        let redirect = try #require(RedisRedirect(errorMessage: "MOVED 12 :7001"))
        #expect(redirect.endpoint(answering: .tcp(host: "10.0.0.9", port: 7000)) == .tcp(host: "10.0.0.9", port: 7001))
    }

    @Test(
        "anything else is not a redirect",
        arguments: [
            "ERR wrong number of arguments", "MOVED", "MOVED 3999", "MOVED x 127.0.0.1:1", "MOVED 16384 h:1",
            "MOVED 1 h", "MOVED 1 h:0", "MOVED 1 h:99999", "ASK 1 h:1 extra", "moved 1 h:1",
            "NOSCRIPT No matching script",
        ])
    func notARedirect(message: String) {
        #expect(RedisRedirect(errorMessage: message) == nil)
    }
}

@Suite("RESP decoding without a server")
struct RedisReplyDecodingTests {
    @Test("every RESP2 type decodes to its RedisReply, in order, nested arrays included")
    func decodesEveryType() throws {
        let wire = "+OK\r\n-ERR no\r\n:-42\r\n$3\r\na\0b\r\n$-1\r\n*-1\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n"
        #expect(
            try RedisClient.replies(decoding: Array(wire.utf8)) == [
                .status("OK"), .error("ERR no"), .integer(-42), .string([0x61, 0, 0x62]), .null, .null,
                .array([.array([.integer(1)]), .string([])]),
            ])
        #expect(try RedisClient.replies(decoding: []) == [])
    }

    @Test(
        "bytes that are not RESP, or end inside a reply, are a protocol error",
        arguments: ["?x\r\n", ":abc\r\n", "$3\r\nabcd\r\n", "*2\r\n:1\r\n", "$5\r\nab", "+OK"])
    func refusesMalformed(wire: String) {
        #expect(throws: RedisError.self) { try RedisClient.replies(decoding: Array(wire.utf8)) }
        #expect((try? RedisClient.replies(decoding: Array(wire.utf8))) == nil)
    }

    @Test("an array header above maximumReplyElements is refused before hiredis allocates it (FuzzRedisReply oom)")
    func refusesHugeArrays() throws {
        // The input FuzzRedisReply found: an array of 555,555,551 elements made hiredis calloc 4.4 GB.
        let found = "+R \n+-1\r\n*-1\r\n*2\r\n:1\r\n$0\r\n\r\n$-1\r\n*555555551\r\n$-1\r\n"
        #expect(throws: RedisError.protocol("reply too large")) { try RedisClient.replies(decoding: Array(found.utf8)) }
        let limit = RedisClient.maximumReplyElements
        #expect(throws: RedisError.protocol("reply too large")) {
            try RedisClient.replies(decoding: Array("*\(limit + 1)\r\n".utf8))
        }
        let atLimit = "*\(limit)\r\n" + String(repeating: ":1\r\n", count: limit)
        #expect(try RedisClient.replies(decoding: Array(atLimit.utf8)).first?.arrayValue?.count == limit)
    }
}
