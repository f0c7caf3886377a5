extension JSONValue {
    /// The value as compact UTF-8 JSON: no whitespace, object members in order.
    ///
    /// Strings escape only `"`, `\` and control characters (`\n`, `\r`, `\t`, `\b`, `\f`, the rest as
    /// `\u00XX`); `/` and non-ASCII characters are written as they are. Doubles use the shortest form
    /// that reads back to the same value and always keep a fraction or exponent (`1.0`, `1e+20`), so a
    /// parsed copy is equal to the original. Non-finite doubles, which JSON cannot express, become `null`.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output)
        return output
    }

    /// The value as compact JSON text; see ``serialized()``.
    public var jsonText: String {
        String(decoding: serialized(), as: UTF8.self)
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .number(let value):
            if value.isFinite {
                output.append(contentsOf: value.description.utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .string(let value):
            Self.writeString(value, to: &output)
        case .array(let elements):
            output.append(ASCII.openBracket)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(ASCII.comma) }
                element.write(to: &output)
            }
            output.append(ASCII.closeBracket)
        case .object(let object):
            object.write(to: &output)
        }
    }

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(ASCII.quote)
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                output.append(ASCII.backslash)
                switch byte {
                case ASCII.quote, ASCII.backslash: output.append(byte)
                case ASCII.lineFeed: output.append(ASCII.n)
                case ASCII.carriageReturn: output.append(ASCII.r)
                case ASCII.tab: output.append(ASCII.t)
                case 0x08: output.append(ASCII.b)
                case 0x0C: output.append(ASCII.f)
                default:
                    output.append(contentsOf: [ASCII.u, ASCII.zero, ASCII.zero])
                    output.append(hexDigit(byte >> 4))
                    output.append(hexDigit(byte & 0x0F))
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(ASCII.quote)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? ASCII.zero + nibble : ASCII.a + nibble - 10
    }
}

extension JSONObject {
    /// The object as compact UTF-8 JSON; see ``JSONValue/serialized()``.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output)
        return output
    }

    /// The object as compact JSON text; see ``JSONValue/serialized()``.
    public var jsonText: String {
        String(decoding: serialized(), as: UTF8.self)
    }

    func write(to output: inout [UInt8]) {
        output.append(ASCII.openBrace)
        for (index, member) in members.enumerated() {
            if index > 0 { output.append(ASCII.comma) }
            JSONValue.writeString(member.name, to: &output)
            output.append(ASCII.colon)
            member.value.write(to: &output)
        }
        output.append(ASCII.closeBrace)
    }
}
