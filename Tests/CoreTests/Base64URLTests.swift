import GatehouseCore
import Testing

/// RFC 4648 §10 test vectors.
private let rfc4648Vectors: [(plain: String, base64: String)] = [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
    ("foobar", "Zm9vYmFy"),
]

@Suite("Base64URL")
struct Base64URLTests {
    @Test("encodes and decodes the RFC 4648 vectors without padding", arguments: rfc4648Vectors)
    func rfcVectors(plain: String, base64: String) {
        let unpadded = String(base64.filter { $0 != "=" })
        #expect(Base64URL.encode(Array(plain.utf8)) == unpadded)
        #expect(Base64URL.decode(unpadded) == Array(plain.utf8))
    }

    @Test("uses - and _ instead of + and /")
    func urlAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
        #expect(Base64URL.decode("+/+/") == nil)
    }

    @Test("round-trips every length and every byte value")
    func roundTrip() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for length in 0...bytes.count {
            let slice = bytes[0..<length]
            #expect(Base64URL.decode(Base64URL.encode(slice)) == Array(slice))
        }
    }

    @Test("decodes substrings")
    func substrings() {
        let token = "aaa.Zm9v.bbb"
        let middle = token.split(separator: ".")[1]
        #expect(Base64URL.decode(middle) == Array("foo".utf8))
    }

    @Test(
        "refuses anything but canonical unpadded base64url",
        arguments: [
            "Zg==", "Zm8=", "Zg=", "Z", "Zm9vY", "Zm9v=", "Zh", "Zm9", "Zm+v", "Zm/v", "Zm9v\n", " Zm9v", "Zm 9v",
            "Zm9v.", "Zm9\u{0}", "Zm9é", "====", "=", "Zm9vYmFyZ", "AB", "AAB",
        ]
    )
    func rejections(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("refuses non-zero unused trailing bits for every last character")
    func trailingBits() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for (value, character) in alphabet.enumerated() {
            #expect((Base64URL.decode("A\(character)") != nil) == (value & 0x0F == 0))
            #expect((Base64URL.decode("AA\(character)") != nil) == (value & 0x03 == 0))
        }
    }
}

@Suite("Base64")
struct Base64Tests {
    @Test("encodes and decodes the RFC 4648 vectors with padding", arguments: rfc4648Vectors)
    func rfcVectors(plain: String, base64: String) {
        #expect(Base64.encode(Array(plain.utf8)) == base64)
        #expect(Base64.decode(base64) == Array(plain.utf8))
    }

    @Test("uses + and / and round-trips every length")
    func alphabetAndRoundTrip() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        let bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for length in 0...bytes.count {
            #expect(Base64.decode(Base64.encode(bytes[0..<length])) == Array(bytes[0..<length]))
        }
    }

    @Test(
        "refuses anything but canonical padded base64",
        arguments: [
            "Zg", "Zm8", "Zg=", "Zg===", "Z===", "====", "=", "Zh==", "Zm9=", "-_-_", "Zm9v\n", "Zm9v ", "Zm=v",
            "Z=9v", "Zg==Zm9v", "Zm9vYg", "Zm 9v",
        ]
    )
    func rejections(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
