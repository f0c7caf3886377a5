import GatehouseCore
import Testing

/// SPEC §5: high-s (malleable) ECDSA signatures are refused, and Gatehouse's own signer emits
/// low-s signatures only (s ≤ n/2 for the P-256 group order n).
@Suite("ECDSA P-256: low-s only")
struct ECDSALowSTests {
    /// The order n of the P-256 group, big-endian.
    static let order: [UInt8] = hexBytes("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")
    /// ⌊n/2⌋.
    static let halfOrder: [UInt8] = hexBytes("7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8")

    static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// n − s, computed here independently of the code under test (schoolbook big-endian subtraction).
    static func negate(_ s: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var digit = Int(order[index]) - Int(s[index]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            result[index] = UInt8(digit)
        }
        return result
    }

    static func isHigh(_ s: [UInt8]) -> Bool { s.lexicographicallyPrecedes(halfOrder) == false && s != halfOrder }

    @Test("200 ES256 tokens from our signer: every s is low")
    func signerEmitsLowS() throws {
        for index in 0..<200 {
            var claims = TokenFixtures.claims
            claims["jti"] = .string("j-\(index)")
            let token = try JWTSigner.sign(claims: claims, type: "at+jwt", key: TokenFixtures.es256)
            let signature = try #require(Base64URL.decode(TokenFixtures.parts(token)[2]))
            #expect(!Self.isHigh(Array(signature[32...])), "token \(index) carries a high s")
            #expect(try TokenFixtures.verifier.verify(token, now: TokenFixtures.now) == claims)
        }
    }

    @Test("the same token with (r, n − s) is refused: a high-s signature is malleable")
    func highSIsRefused() throws {
        let token = try JWTSigner.sign(claims: TokenFixtures.claims, type: "at+jwt", key: TokenFixtures.es256)
        let parts = TokenFixtures.parts(token)
        let signature = try #require(Base64URL.decode(parts[2]))
        let flipped = Array(signature[..<32]) + Self.negate(Array(signature[32...]))
        #expect(Self.isHigh(Array(flipped[32...])))
        let malleated = parts[0] + "." + parts[1] + "." + Base64URL.encode(flipped)
        #expect(throws: TokenError.self) { try TokenFixtures.verifier.verify(malleated, now: TokenFixtures.now) }
        let key = TokenFixtures.es256.verificationKey
        #expect(!key.isValidSignature(flipped, for: Array((parts[0] + "." + parts[1]).utf8)))
    }
}
