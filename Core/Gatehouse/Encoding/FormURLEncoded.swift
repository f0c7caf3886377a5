/// `application/x-www-form-urlencoded` and percent-encoding, as used by query strings and OAuth
/// token requests.
public enum FormURLEncoded {
    /// The name/value pairs of a form or query string; nil when an escape is malformed or a
    /// decoded byte sequence is not UTF-8. One pass over the bytes, split on `&` and the first `=`
    /// of each part as bytes (WHATWG URL §5.1), so a combining mark after a `&` cannot hide it.
    public static func decode(_ text: some StringProtocol) -> [(name: String, value: String)]? {
        var text = String(text)
        return text.withUTF8 { bytes in
            var pairs: [(name: String, value: String)] = []
            var scratch: [UInt8] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    guard let name = decode(bytes, start..<equals, plusAsSpace: true, into: &scratch),
                        let value = decode(bytes, min(equals + 1, end)..<end, plusAsSpace: true, into: &scratch)
                    else { return nil }
                    pairs.append((name, value))
                }
                start = end + 1
            }
            return pairs
        }
    }

    /// The form encoding of name/value pairs.
    public static func encode(_ pairs: [(String, String)]) -> String {
        var output: [UInt8] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            appendPercentEncoded(pair.0, to: &output)
            output.append(UInt8(ascii: "="))
            appendPercentEncoded(pair.1, to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (and `+` as a space when asked); nil when malformed or not UTF-8.
    public static func percentDecode(_ text: some StringProtocol, plusAsSpace: Bool) -> String? {
        var text = String(text)
        var scratch: [UInt8] = []
        return text.withUTF8 { decode($0, 0..<$0.count, plusAsSpace: plusAsSpace, into: &scratch) }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        var output: [UInt8] = []
        appendPercentEncoded(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes the escapes of `bytes[range]` through `scratch` (a buffer reused from piece to piece).
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, plusAsSpace: Bool, into scratch: inout [UInt8]
    ) -> String? {
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "%"):
                guard range.upperBound - index >= 2, let high = hexValue(bytes[index]),
                    let low = hexValue(bytes[index + 1])
                else { return nil }
                scratch.append(high << 4 | low)
                index += 2
            case UInt8(ascii: "+") where plusAsSpace:
                scratch.append(UInt8(ascii: " "))
            default:
                scratch.append(byte)
            }
        }
        return String(validating: scratch, as: UTF8.self)
    }

    /// Appends the percent-encoding of `text` (everything but RFC 3986 unreserved characters).
    private static func appendPercentEncoded(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
