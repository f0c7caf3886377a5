import Crypto
@testable import GatehouseCore
import Testing

@Suite("HKDF-SHA256 (the server secret's derived keys)")
struct HKDFTests {
    /// RFC 5869 appendix A, the three SHA-256 cases: (IKM, salt, info, L, OKM), in hex.
    static let vectors: [(ikm: String, salt: String, info: String, length: Int, okm: String)] = [
        (
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        ),
        (
            String((0x00...0x4f).map { hexByte($0) }.joined()), String((0x60...0xaf).map { hexByte($0) }.joined()),
            String((0xb0...0xff).map { hexByte($0) }.joined()), 82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        ),
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
         "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    ]

    static func hexByte(_ value: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[value >> 4], digits[value & 15]])
    }

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test("RFC 5869 test cases 1-3 (SHA-256)", arguments: 0..<3)
    func rfc5869(index: Int) {
        let vector = Self.vectors[index]
        let okm = HKDFSHA256.derive(
            secret: Self.bytes(vector.ikm), salt: Self.bytes(vector.salt), info: Self.bytes(vector.info),
            outputByteCount: vector.length)
        #expect(okm == Self.bytes(vector.okm), "RFC 5869 test case \(index + 1): wrong output key material")
    }

    @Test("the same keys as swift-crypto's HKDF, for secrets, salts and infos of every size met")
    func matchesSwiftCrypto() {
        var generator = SeededGenerator(seed: 5869)
        for round in 0..<200 {
            let secret = (0..<Int.random(in: 0...96, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let salt = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let info = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let length = [1, 16, 31, 32, 33, 64, 65, 100][round % 8]
            let ours = HKDFSHA256.derive(secret: secret, salt: salt, info: info, outputByteCount: length)
            let theirs = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: secret), salt: salt, info: info, outputByteCount: length
            ).withUnsafeBytes { Array($0) }
            #expect(ours == theirs, "round \(round): \(secret.count)-byte secret, \(salt.count)-byte salt, \(length) bytes")
        }
    }

    @Test("each page key is its own purpose's derivation, distinct from the others")
    func pageKeys() {
        let secret = Array("a server secret of the right length, 32+".utf8)
        let keys = OAuthPageKeys(serverSecret: secret)
        for (key, purpose) in [(keys.csrf, "csrf"), (keys.seal, "pending sign-in"), (keys.reveal, "console reveal")] {
            let expected = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: secret), salt: Array("gatehouse oauth pages v1".utf8),
                info: Array(purpose.utf8), outputByteCount: 32)
            #expect(key == expected, "the \(purpose) key changed: what the pages issued before would no longer open")
        }
        #expect(keys.csrf != keys.seal && keys.seal != keys.reveal && keys.csrf != keys.reveal)
    }
}
