/// A single pass over a UTF-8 buffer that yields one JSON value.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Reused for strings that contain escapes.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try value()
        skipWhitespace()
        guard position == bytes.count else { throw JSONParseError(.trailingData, at: position) }
        return value
    }

    // MARK: Values

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        switch bytes[position] {
        case ASCII.openBrace: return try object()
        case ASCII.openBracket: return try array()
        case ASCII.quote: return .string(try string())
        case ASCII.t:
            try literal(ASCII.trueWord)
            return .bool(true)
        case ASCII.f:
            try literal(ASCII.falseWord)
            return .bool(false)
        case ASCII.n:
            try literal(ASCII.nullWord)
            return .null
        case ASCII.minus, ASCII.zero...ASCII.nine: return try number()
        default: throw JSONParseError(.unexpectedByte, at: position)
        }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [(name: String, value: JSONValue)] = []
        var names: Set<String>? = nil
        skipWhitespace()
        if try peek() == ASCII.closeBrace {
            position += 1
            depth -= 1
            return .object(JSONObject(uniqueMembers: members))
        }
        while true {
            guard try peek() == ASCII.quote else { throw JSONParseError(.unexpectedByte, at: position) }
            let nameOffset = position
            let name = try string()
            if Self.contains(name, in: members, index: &names) {
                throw JSONParseError(.duplicateMemberName, at: nameOffset)
            }
            skipWhitespace()
            guard try peek() == ASCII.colon else { throw JSONParseError(.unexpectedByte, at: position) }
            position += 1
            skipWhitespace()
            let value = try value()
            members.append((name, value))
            names?.insert(name)
            skipWhitespace()
            switch try peek() {
            case ASCII.comma:
                position += 1
                skipWhitespace()
            case ASCII.closeBrace:
                position += 1
                depth -= 1
                return .object(JSONObject(uniqueMembers: members))
            default:
                throw JSONParseError(.unexpectedByte, at: position)
            }
        }
    }

    /// Whether `name` is already a member; small objects are scanned, larger ones get a hashed index.
    private static func contains(
        _ name: String,
        in members: [(name: String, value: JSONValue)],
        index: inout Set<String>?
    ) -> Bool {
        if let index { return index.contains(name) }
        if members.count < 12 { return members.contains { $0.name == name } }
        let built = Set(members.map(\.name))
        index = built
        return built.contains(name)
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == ASCII.closeBracket {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            switch try peek() {
            case ASCII.comma:
                position += 1
                skipWhitespace()
            case ASCII.closeBracket:
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw JSONParseError(.unexpectedByte, at: position)
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= maxDepth else { throw JSONParseError(.nestingTooDeep, at: position) }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let expected = word.utf8Start
        for offset in 0..<count {
            guard position + offset < bytes.count else {
                throw JSONParseError(.unexpectedEnd, at: position + offset)
            }
            guard bytes[position + offset] == expected[offset] else {
                throw JSONParseError(.unexpectedByte, at: position + offset)
            }
        }
        position += count
    }

    // MARK: Numbers

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = position
        let negative = bytes[position] == ASCII.minus
        if negative { position += 1 }
        guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        switch bytes[position] {
        case ASCII.zero:
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) {
                throw JSONParseError(.leadingZero, at: position - 1)
            }
        case ASCII.one...ASCII.nine:
            skipDigits()
        default:
            throw JSONParseError(.invalidNumber, at: position)
        }
        let integerEnd = position
        var isIntegral = true
        if position < bytes.count, bytes[position] == ASCII.dot {
            position += 1
            try requireDigits()
            isIntegral = false
        }
        if position < bytes.count, bytes[position] == ASCII.e || bytes[position] == ASCII.upperE {
            position += 1
            if position < bytes.count, bytes[position] == ASCII.plus || bytes[position] == ASCII.minus {
                position += 1
            }
            try requireDigits()
            isIntegral = false
        }
        if isIntegral, let integer = integerValue(digitsFrom: negative ? start + 1 : start, to: integerEnd, negative) {
            return .integer(integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(.numberOutOfRange, at: start)
        }
        return .number(double)
    }

    /// The digits as an Int64, or nil when they do not fit.
    private func integerValue(digitsFrom start: Int, to end: Int, _ negative: Bool) -> Int64? {
        var value: Int64 = 0
        for index in start..<end {
            let digit = Int64(bytes[index] &- ASCII.zero)
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            guard !overflowed else { return nil }
            let (next, overflowedAgain) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowedAgain else { return nil }
            value = next
        }
        return value
    }

    private mutating func requireDigits() throws(JSONParseError) {
        guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        guard Self.isDigit(bytes[position]) else { throw JSONParseError(.invalidNumber, at: position) }
        skipDigits()
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

    // MARK: Strings

    /// Reads a string starting at its opening quote and leaves `position` after the closing quote.
    private mutating func string() throws(JSONParseError) -> String {
        position += 1
        let start = position
        while true {
            guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            if byte == ASCII.quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == ASCII.backslash { break }
            try advanceOverStringByte(byte)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            if byte == ASCII.quote {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == ASCII.backslash {
                try escape()
                continue
            }
            let runStart = position
            try advanceOverStringByte(byte)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
        }
    }

    /// Steps over one unescaped character, checking that it is allowed in a string and well-formed UTF-8.
    private mutating func advanceOverStringByte(_ byte: UInt8) throws(JSONParseError) {
        if byte < 0x20 { throw JSONParseError(.controlCharacter, at: position) }
        if byte < 0x80 {
            position += 1
            return
        }
        let (second, third, continuations): (ClosedRange<UInt8>, ClosedRange<UInt8>, Int)
        switch byte {
        case 0xC2...0xDF: (second, third, continuations) = (0x80...0xBF, 0x80...0xBF, 1)
        case 0xE0: (second, third, continuations) = (0xA0...0xBF, 0x80...0xBF, 2)
        case 0xE1...0xEC, 0xEE...0xEF: (second, third, continuations) = (0x80...0xBF, 0x80...0xBF, 2)
        case 0xED: (second, third, continuations) = (0x80...0x9F, 0x80...0xBF, 2)
        case 0xF0: (second, third, continuations) = (0x90...0xBF, 0x80...0xBF, 3)
        case 0xF1...0xF3: (second, third, continuations) = (0x80...0xBF, 0x80...0xBF, 3)
        case 0xF4: (second, third, continuations) = (0x80...0x8F, 0x80...0xBF, 3)
        default: throw JSONParseError(.invalidUTF8, at: position)
        }
        guard position + continuations < bytes.count else { throw JSONParseError(.invalidUTF8, at: position) }
        guard second.contains(bytes[position + 1]) else { throw JSONParseError(.invalidUTF8, at: position) }
        var offset = 2
        while offset <= continuations {
            guard third.contains(bytes[position + offset]) else { throw JSONParseError(.invalidUTF8, at: position) }
            offset += 1
        }
        position += continuations + 1
    }

    /// Decodes the escape at `position` into `scratch`.
    private mutating func escape() throws(JSONParseError) {
        let escapeStart = position
        guard position + 1 < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position + 1) }
        let replacement: UInt8
        switch bytes[position + 1] {
        case ASCII.quote: replacement = ASCII.quote
        case ASCII.backslash: replacement = ASCII.backslash
        case ASCII.slash: replacement = ASCII.slash
        case ASCII.b: replacement = 0x08
        case ASCII.f: replacement = 0x0C
        case ASCII.n: replacement = 0x0A
        case ASCII.r: replacement = 0x0D
        case ASCII.t: replacement = 0x09
        case ASCII.u:
            position += 2
            let unit = try hexQuad()
            var scalar = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 1 < bytes.count, bytes[position] == ASCII.backslash, bytes[position + 1] == ASCII.u
                else { throw JSONParseError(.loneSurrogate, at: escapeStart) }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw JSONParseError(.loneSurrogate, at: escapeStart) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONParseError(.loneSurrogate, at: escapeStart)
            }
            appendUTF8(scalar)
            return
        default:
            throw JSONParseError(.invalidEscape, at: escapeStart)
        }
        scratch.append(replacement)
        position += 2
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard position + offset < bytes.count else { throw JSONParseError(.unexpectedEnd, at: bytes.count) }
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case ASCII.a...ASCII.f: digit = byte - ASCII.a + 10
            case ASCII.upperA...ASCII.upperF: digit = byte - ASCII.upperA + 10
            default: throw JSONParseError(.invalidEscape, at: position + offset)
            }
            value = value << 4 | UInt16(digit)
        }
        position += 4
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Bytes

    private func peek() throws(JSONParseError) -> UInt8 {
        guard position < bytes.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        return bytes[position]
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: position += 1
            default: return
            }
        }
    }
}
