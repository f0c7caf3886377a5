/// The shared encoder and strict decoder behind ``Base64URL`` and ``Base64``.
enum Base64Codec {
    static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlDecodingTable = decodingTable(for: urlAlphabet)
    static let standardDecodingTable = decodingTable(for: standardAlphabet)

    /// Marks a byte outside the alphabet in a decoding table.
    private static let invalid: UInt8 = 0xFF
    private static let padding = UInt8(ascii: "=")

    private static func decodingTable(for alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }

    static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            if second != nil {
                output.append(alphabet[Int(group >> 6 & 0x3F)])
            } else if padded {
                output.append(padding)
            }
            if third != nil {
                output.append(alphabet[Int(group & 0x3F)])
            } else if padded {
                output.append(padding)
            }
            if third == nil { break }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: UnsafeBufferPointer<UInt8>, table: [UInt8], padded: Bool) -> [UInt8]? {
        var count = text.count
        if padded {
            guard count % 4 == 0 else { return nil }
            if count > 0, text[count - 1] == padding {
                count -= 1
                if text[count - 1] == padding { count -= 1 }
            }
        }
        let remainder = count % 4
        guard remainder != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(count / 4 * 3 + 2)
        return table.withUnsafeBufferPointer { table -> [UInt8]? in
            var index = 0
            let fullEnd = count - remainder
            while index < fullEnd {
                let a = table[Int(text[index])]
                let b = table[Int(text[index + 1])]
                let c = table[Int(text[index + 2])]
                let d = table[Int(text[index + 3])]
                guard (a | b | c | d) & 0xC0 == 0 else { return nil }
                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output.append(UInt8(group >> 16))
                output.append(UInt8(group >> 8 & 0xFF))
                output.append(UInt8(group & 0xFF))
                index += 4
            }
            if remainder == 2 {
                let a = table[Int(text[index])]
                let b = table[Int(text[index + 1])]
                guard (a | b) & 0xC0 == 0, b & 0x0F == 0 else { return nil }
                output.append(a << 2 | b >> 4)
            } else if remainder == 3 {
                let a = table[Int(text[index])]
                let b = table[Int(text[index + 1])]
                let c = table[Int(text[index + 2])]
                guard (a | b | c) & 0xC0 == 0, c & 0x03 == 0 else { return nil }
                output.append(a << 2 | b >> 4)
                output.append(b << 4 | c >> 2)
            }
            return output
        }
    }
}
