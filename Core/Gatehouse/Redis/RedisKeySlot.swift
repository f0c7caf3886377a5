/// Redis Cluster's hash slots: which of the 16384 slots a key belongs to, and which argument of a
/// command is its first key (the one a cluster routes it by).
enum RedisKeySlot {
    /// How many hash slots a Redis Cluster has.
    static let count = 16384

    /// The slot of `key`: CRC16 (XMODEM) of its hash tag — the text between the first `{` and the
    /// next `}`, when not empty — or of the whole key, modulo 16384.
    static func slot(of key: [UInt8]) -> Int {
        var hashed = key[...]
        if let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        {
            hashed = key[(open + 1)..<close]
        }
        return Int(crc16(hashed)) % count
    }

    /// The first key `arguments` name, or nil for a command without keys (`PING`, `WAIT`,
    /// `SCRIPT LOAD`, `CLUSTER …`, a script with no keys).
    static func firstKey(of arguments: [RedisArgument]) -> [UInt8]? {
        guard let name = arguments.first?.wireBytes else { return nil }
        let command = String(decoding: name, as: UTF8.self).uppercased()
        switch command {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard arguments.count > 3, let keys = Int(String(decoding: arguments[2].wireBytes, as: UTF8.self)),
                keys > 0
            else { return nil }
            return arguments[3].wireBytes
        case "XREAD", "XREADGROUP":
            guard let streams = arguments.firstIndex(where: { $0.wireBytes.uppercased() == Array("STREAMS".utf8) }),
                streams + 1 < arguments.count
            else { return nil }
            return arguments[streams + 1].wireBytes
        case "XGROUP", "XINFO", "OBJECT", "MEMORY":
            return arguments.count > 2 ? arguments[2].wireBytes : nil  // `XGROUP CREATE key …`
        case _ where keyless.contains(command):
            return nil
        default:
            return arguments.count > 1 ? arguments[1].wireBytes : nil
        }
    }

    /// Commands that name no key (or only in a form Gatehouse does not send).
    private static let keyless: Set<String> = [
        "ASKING", "AUTH", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DBSIZE", "DEBUG", "ECHO", "EXEC", "FLUSHALL",
        "FLUSHDB", "FUNCTION", "HELLO", "INFO", "KEYS", "MULTI", "PING", "READONLY", "READWRITE", "ROLE", "SCAN",
        "SCRIPT", "SELECT", "TIME", "WAIT", "WAITAOF",
    ]

    private static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}

extension [UInt8] {
    fileprivate func uppercased() -> [UInt8] {
        map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }
    }
}
