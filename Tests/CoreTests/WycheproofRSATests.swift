import Testing

@testable import GatehouseCore

/// Wycheproof's RSA vectors through the same path external keys take: a public JWK built from the
/// group's modulus and exponent, read by ``VerificationKey/init(publicJWK:)``, then
/// ``VerificationKey/isValidSignature(_:for:)``.
@Suite("Wycheproof RSA and JWK")
struct WycheproofRSATests {
    /// The public JWK of a Wycheproof group's key (hex modulus and exponent, possibly with a sign byte).
    static func publicJWK(_ group: JSONObject, algorithm: String) throws -> JSONObject {
        let key = try #require(group["publicKey"]?.objectValue)
        let n = JWK.minimal(try Wycheproof.hex(#require(key["modulus"]?.stringValue)))
        let e = JWK.minimal(try Wycheproof.hex(#require(key["publicExponent"]?.stringValue)))
        return [
            "kty": "RSA", "n": .string(Base64URL.encode(n)), "e": .string(Base64URL.encode(e)),
            "kid": "wycheproof", "alg": .string(algorithm),
        ]
    }

    static func run(_ name: String, algorithm: JWSAlgorithm) throws -> (Wycheproof.Tally, Int) {
        let file = try Wycheproof.load(name)
        var tally = Wycheproof.Tally()
        for group in try Wycheproof.groups(file) {
            let key = try VerificationKey(publicJWK: publicJWK(group, algorithm: algorithm.rawValue))
            #expect(key.algorithm == algorithm)
            if let published = (group["keyJwk"] ?? group["publicKeyJwk"])?.objectValue {
                #expect(key.publicJWK()["n"] == published["n"] && key.publicJWK()["e"] == published["e"])
            }
            for test in try #require(group["tests"]?.arrayValue) {
                let id = try #require(test["tcId"]?.integerValue)
                let accepted = key.isValidSignature(
                    try Wycheproof.hex(#require(test["sig"]?.stringValue)),
                    for: try Wycheproof.hex(#require(test["msg"]?.stringValue)))
                tally.check(result: try #require(test["result"]?.stringValue), accepted: accepted, "tcId \(id)")
            }
        }
        return (tally, Int(try #require(file["numberOfTests"]?.integerValue)))
    }

    @Test("RSASSA-PKCS1-v1_5 SHA-256, 2048 bits: all 259 vectors as RS256")
    func rs256() throws {
        let (tally, declared) = try Self.run("rsa_signature_2048_sha256_test.json", algorithm: .rs256)
        print("Wycheproof RSA PKCS#1 v1.5 2048 SHA-256: ran \(tally)")
        #expect(tally.total == declared && tally.total == 259)
        #expect(tally.valid == 9 && tally.invalid == 249)
    }

    @Test("RSASSA-PSS SHA-256, MGF1-SHA-256, 32-byte salt, 2048 bits: all 108 vectors as PS256")
    func ps256() throws {
        let (tally, declared) = try Self.run("rsa_pss_2048_sha256_mgf1_32_test.json", algorithm: .ps256)
        print("Wycheproof RSA-PSS 2048 SHA-256 MGF1 32: ran \(tally)")
        #expect(tally.total == declared && tally.total == 108)
        #expect(tally.valid == 63 && tally.invalid == 45)
    }

    @Test("an RS256 key does not verify PS256 signatures, nor the reverse")
    func paddingIsTheKeys() throws {
        let file = try Wycheproof.load("rsa_pss_2048_sha256_mgf1_32_test.json")
        let group = try #require(try Wycheproof.groups(file).first)
        let test = try #require(group["tests"]?.arrayValue?.first)
        let signature = try Wycheproof.hex(#require(test["sig"]?.stringValue))
        let message = try Wycheproof.hex(#require(test["msg"]?.stringValue))
        let pss = try VerificationKey(publicJWK: Self.publicJWK(group, algorithm: "PS256"))
        let pkcs1 = try VerificationKey(publicJWK: Self.publicJWK(group, algorithm: "RS256"))
        #expect(pss.isValidSignature(signature, for: message))
        #expect(!pkcs1.isValidSignature(signature, for: message))
    }

    /// Wycheproof's JSON Web Key cases through the external-issuer key path: each group's key set
    /// read by ``ExternalKeySet`` (all algorithms allowed) and each compact JWS checked the way an
    /// external token is: its `kid` finds the key, HS256 uses a configured secret. Groups of one
    /// `oct` key stand for an issuer configured with that secret (Gatehouse takes symmetric keys only
    /// from configuration, never from a JWK Set); HS384/HS512 and groups of several secrets are
    /// counted and skipped.
    @Test("JSON Web Key: 17 cases through the external key set and the HS256 secret, 9 skipped")
    func jsonWebKey() throws {
        let file = try Wycheproof.load("json_web_key_test.json")
        var tally = Wycheproof.Tally()
        var skipped = 0
        for group in try Wycheproof.groups(file) {
            let set = try #require((group["public"] ?? group["private"])?.objectValue)
            let elements = try #require(set["keys"]?.arrayValue)
            let allSymmetric = elements.allSatisfy { $0["kty"] == "oct" }
            let tests = try #require(group["tests"]?.arrayValue)
            if allSymmetric, elements.count > 1 || ["HS384", "HS512"].contains(elements[0]["alg"]?.stringValue ?? "") {
                skipped += tests.count
                continue
            }
            let keys: [VerificationKey]
            if allSymmetric {
                // An issuer configured with this secret: accepted only for HS256 and 32 bytes or more.
                let secret = Base64URL.decode(elements[0]["k"]?.stringValue ?? "") ?? []
                keys = elements[0]["alg"] == "HS256" && secret.count >= 32
                    ? [VerificationKey(kid: "secret", publicKey: .sharedSecret(.init(data: secret)))] : []
            } else {
                keys = ExternalKeySet.keys(in: .object(set), algorithms: Set(JWSAlgorithm.allCases))
            }
            for test in tests {
                let id = try #require(test["tcId"]?.integerValue)
                let token = try #require(test["jws"]?.stringValue)
                let accepted =
                    (try? CompactJWS.verify(token, maxLength: 8192, expectedType: nil) { kid, alg throws(TokenError) in
                        if alg == "HS256", allSymmetric, let secret = keys.first { return secret }
                        guard let key = keys.first(where: { $0.kid == kid }) else { throw TokenError(.unknownKeyID) }
                        return key
                    }) != nil
                tally.check(result: try #require(test["result"]?.stringValue), accepted: accepted, "tcId \(id)")
            }
        }
        print("Wycheproof JWK: ran \(tally); skipped \(skipped) (HS384/HS512, several secrets)")
        #expect(tally.total + skipped == file["numberOfTests"]?.integerValue.map(Int.init))
        #expect(tally.total == 17 && skipped == 9)
        #expect(tally.valid == 2)
    }
}
