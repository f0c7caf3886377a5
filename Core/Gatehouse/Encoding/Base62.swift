/// Base62 (`0-9A-Za-z`), the alphabet of Gatehouse key secrets and identifiers.
public enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` uniformly random base62 characters from the system's secure generator.
    public static func random(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var output: [UInt8] = []
        output.reserveCapacity(count)
        while output.count < count {
            var word = generator.next() as UInt64
            for _ in 0..<8 where output.count < count {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                // 248 = 4 × 62: rejecting bytes at or above it keeps every character equally likely.
                if byte < 248 { output.append(alphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A fixed-width base62 encoding of a 32-bit value (6 characters cover 2³²).
    public static func encode(_ value: UInt32, width: Int = 6) -> String {
        var digits = [UInt8](repeating: alphabet[0], count: width)
        var remaining = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            digits[index] = alphabet[Int(remaining % 62)]
            remaining /= 62
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Whether every byte is in the alphabet.
    public static func isBase62<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        bytes.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }
}
