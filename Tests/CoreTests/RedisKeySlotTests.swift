import Testing

@testable import GatehouseCore

@Suite("RedisKeySlot and RedisSlotMap")
struct RedisKeySlotTests {
    @Test("slots match CLUSTER KEYSLOT, hash tags included")
    func slots() {
        // Values from redis-server 7.0's CLUSTER KEYSLOT.
        let expected: [(String, Int)] = [
            ("somekey", 11058), ("foo{hash_tag}", 2515), ("123456789", 12739), ("a{}b", 13694), ("{}{x}", 3257),
            ("gh:{t-abc}:x", 1950), ("{{a}}", 10276),
        ]
        for (key, slot) in expected {
            #expect(RedisKeySlot.slot(of: Array(key.utf8)) == slot, "\(key)")
        }
    }

    @Test("the first key of plain commands, scripts and stream reads; none for keyless commands")
    func firstKeys() {
        func key(_ arguments: [RedisArgument]) -> String? {
            RedisKeySlot.firstKey(of: arguments).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(key(["HGETALL", "gh:{t}:a"]) == "gh:{t}:a")
        #expect(key(["EVALSHA", "abc", 2, "k1", "k2", "arg"]) == "k1")
        #expect(key(["EVAL", "return 1", 0, "arg"]) == nil)
        #expect(key(["XREADGROUP", "GROUP", "g", "c", "COUNT", 5, "STREAMS", "s1", ">"]) == "s1")
        #expect(key(["XGROUP", "CREATE", "gh:{t}:audit", "forwarder", "$", "MKSTREAM"]) == "gh:{t}:audit")
        #expect(key(["WAIT", 1, 100]) == nil)
        #expect(key(["script", "load", "return 1"]) == nil)
        #expect(key(["PING"]) == nil)
    }

    @Test("a CLUSTER SLOTS reply maps slots to primaries, an empty host meaning the answering node's")
    func slotMap() throws {
        func node(_ host: String, _ port: Int64) -> RedisReply { .array([.string(Array(host.utf8)), .integer(port)]) }
        let reply = RedisReply.array([
            .array([.integer(0), .integer(100), node("10.0.0.1", 7000), node("10.0.0.4", 7003)]),
            .array([.integer(101), .integer(16383), node("", 7001)]),
        ])
        let map = try #require(RedisSlotMap(clusterSlots: reply, answering: .tcp(host: "10.0.0.9", port: 7009)))
        #expect(map.endpoint(forSlot: 0) == .tcp(host: "10.0.0.1", port: 7000))
        #expect(map.endpoint(forSlot: 100) == .tcp(host: "10.0.0.1", port: 7000))
        #expect(map.endpoint(forSlot: 101) == .tcp(host: "10.0.0.9", port: 7001))
        #expect(map.replicas == [.tcp(host: "10.0.0.4", port: 7003)])
        #expect(
            RedisSlotMap(
                clusterSlots: .array([.array([.integer(5), .integer(2), node("h", 1)])]), answering: .unix(path: "/s"))
                == nil)
        #expect(RedisSlotMap().endpoint(forSlot: 7) == nil)
    }

    @Test("the slot map file's text round-trips, and a damaged file is not trusted")
    func slotMapText() throws {
        var map = RedisSlotMap()
        map.assign(slot: 0, to: .tcp(host: "10.0.0.1", port: 7000))
        map.assign(slot: 1, to: .tcp(host: "10.0.0.1", port: 7000))
        map.assign(slot: 16383, to: .tcp(host: "::1", port: 7001))
        #expect(map.text == "0-1 10.0.0.1:7000\n16383-16383 ::1:7001\n")
        #expect(RedisSlotMap(text: map.text) == map)
        for damaged in ["", "0-99999 h:1\n", "5-2 h:1\n", "0-1 nohost\n", "garbage"] {
            #expect(RedisSlotMap(text: damaged) == nil, "\(damaged)")
        }
    }
}
