import Testing

@testable import GatehouseCore

@Suite("RSA keys (RS256, PS256)")
struct RSAKeyTests {
    static let generated = SigningKey.generate(.rs256)

    /// The public JWK of `generated` with one member replaced.
    static func publicJWK(_ member: String, _ value: JSONValue?) -> JSONObject {
        var jwk = generated.publicJWK()
        jwk[member] = value
        return jwk
    }

    @Test("a generated RS256 key round-trips through the private JWK Set, signs, and verifies from its public JWK")
    func roundTrip() throws {
        let key = Self.generated
        #expect(key.algorithm == .rs256)
        let jwk = key.privateJWK()
        #expect(jwk.names == ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "kid", "alg", "use"])
        let set = try JWKSet(privateJWKSetJSON: try JWKSet(keys: [key]).privateJWKSetJSON())
        let read = try #require(set.keys.first)
        #expect(read.kid == key.kid && read.algorithm == .rs256)
        let message = Array("eyJhbGciOiJSUzI1NiJ9.e30".utf8)
        let signature = try read.sign(message)
        #expect(signature.count == 256)
        let published = try VerificationKey(publicJWK: key.publicJWK())
        #expect(published.isValidSignature(signature, for: message))
        #expect(!published.isValidSignature(signature, for: message + [0x20]))
        #expect(published.publicJWK()["d"] == nil && key.publicJWK().names == ["kty", "n", "e", "kid", "alg", "use"])
        // RFC 7638: the thumbprint covers e, kty, n.
        #expect(key.kid == published.thumbprint)
    }

    @Test("a private RSA JWK whose members do not belong together is refused (BoringSSL's RSA_check_key)")
    func mismatchedPrivateKey() throws {
        var jwk = Self.generated.privateJWK()
        jwk["dp"] = jwk["dq"]
        let text = JSONValue.object(["keys": [.object(jwk)]]).jsonText
        #expect(throws: KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")) {
            try JWKSet(privateJWKSetJSON: text)
        }
        var otherPrime = Self.generated.privateJWK()
        otherPrime["p"] = SigningKey.generate(.rs256).privateJWK()["p"]
        #expect(throws: KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")) {
            try JWKSet(privateJWKSetJSON: JSONValue.object(["keys": [.object(otherPrime)]]).jsonText)
        }
        var missing = Self.generated.privateJWK()
        missing["qi"] = nil
        #expect(throws: KeySetError(.missingMember, keyIndex: 0, member: "qi")) {
            try JWKSet(privateJWKSetJSON: JSONValue.object(["keys": [.object(missing)]]).jsonText)
        }
    }

    @Test(
        "public RSA JWKs that must not be trusted are refused",
        arguments: [
            ("1024-bit modulus", "n", Base64URL.encode([0xC1] + [UInt8](repeating: 0x55, count: 127)), KeySetError.Reason.keyTooSmall),
            ("leading zero octet", "n", Base64URL.encode([0x00, 0xC1] + [UInt8](repeating: 0x55, count: 255)), .invalidMember),
            ("e = 1", "e", "AQ", .weakKey),
            ("even e", "e", "AQAA", .weakKey),
            ("e over 32 bits", "e", "AQAAAAE", .weakKey),
            ("alg ES256", "alg", "ES256", .invalidMember),
            ("use enc", "use", "enc", .notASigningKey),
        ])
    func refused(name: String, member: String, value: String, reason: KeySetError.Reason) throws {
        #expect(throws: KeySetError(reason, member: member), "\(name)") {
            try VerificationKey(publicJWK: Self.publicJWK(member, .string(value)))
        }
    }

    @Test("an RSA JWK with a private member or an unknown member is refused as a public key")
    func publicKeyMembers() throws {
        #expect(throws: KeySetError(.unexpectedPrivateKey, member: "d")) {
            try VerificationKey(publicJWK: Self.publicJWK("d", "AQAB"))
        }
        #expect(throws: KeySetError(.unknownMember)) {
            try VerificationKey(publicJWK: Self.publicJWK("oth", .array([])))
        }
    }

    @Test("the ROCA fingerprint (CVE-2017-15361) is recognised; generated moduli do not carry it")
    func roca() throws {
        let file = try Wycheproof.load("json_web_key_test.json")
        let group = try #require(try Wycheproof.groups(file).first { $0["comment"] == "jws_rsa_roca_key" })
        let jwk = try #require(group["public"]?["keys"]?.arrayValue?.first?.objectValue)
        let n = try #require(Base64URL.decode(jwk["n"]?.stringValue ?? ""))
        #expect(RSAModulus.hasROCAFingerprint(n))
        #expect(throws: KeySetError(.weakKey, member: "n")) { try VerificationKey(publicJWK: jwk) }
        let ours = try #require(Base64URL.decode(Self.generated.publicJWK()["n"]?.stringValue ?? ""))
        #expect(!RSAModulus.hasROCAFingerprint(ours))
    }

    @Test("an RSA signature of the wrong length is refused rather than padded")
    func signatureLength() throws {
        let message = Array("input".utf8)
        let signature = try Self.generated.sign(message)
        let key = Self.generated.verificationKey
        #expect(key.isValidSignature(signature, for: message))
        #expect(!key.isValidSignature([0] + signature, for: message))
        #expect(!key.isValidSignature(Array(signature.dropFirst()), for: message))
    }
}
