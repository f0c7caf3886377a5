import GatehouseCore
import Testing

/// RFC 8037 Appendix A.1: an Ed25519 private JWK.
private let rfc8037Key =
    #"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"rfc8037"}"#

/// RFC 7515 Appendix A.3: a P-256 private JWK.
private let rfc7515Key =
    #"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI","kid":"rfc7515"}"#

private func keySet(_ keys: String...) -> String { #"{"keys":["# + keys.joined(separator: ",") + "]}" }

/// `base` with one member replaced (or removed, for nil) — written as text so invalid JSON types survive.
private func edit(_ base: String, _ member: String, _ value: String?) -> String {
    var object = try! JSONValue.parse(base).objectValue!
    object[member] = nil
    var text = object.jsonText
    if let value { text = String(text.dropLast()) + #","\#(member)":\#(value)}"# }
    return text
}

@Suite("JWK Set")
struct JWKSetTests {
    @Test("reads the RFC 8037 Ed25519 key, reproduces its thumbprint and its deterministic signature")
    func rfc8037() throws {
        let set = try JWKSet(privateJWKSetJSON: keySet(rfc8037Key))
        let key = try #require(set.keys.first)
        #expect(key.algorithm == .edDSA)
        #expect(key.verificationKey.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        let signingInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
        let signature = try key.sign(Array(signingInput.utf8))
        #expect(
            Base64URL.encode(signature)
                == "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        )
        #expect(key.verificationKey.isValidSignature(signature, for: Array(signingInput.utf8)))
    }

    @Test("reads the RFC 7515 P-256 key; its A.3 example (high s) is refused, its low-s twin verifies")
    func rfc7515() throws {
        let set = try JWKSet(privateJWKSetJSON: keySet(rfc7515Key))
        let key = try #require(set.verificationKey(kid: "rfc7515"))
        #expect(key.algorithm == .es256)
        let signingInput =
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        let signature = try #require(
            Base64URL.decode(
                "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
            )
        )
        // The RFC's example happens to carry a high s: SPEC §5 refuses it (malleable); the same
        // signature with n − s is the one Gatehouse accepts.
        #expect(ECDSALowSTests.isHigh(Array(signature[32...])))
        #expect(!key.isValidSignature(signature, for: Array(signingInput.utf8)))
        let lowS = Array(signature[..<32]) + ECDSALowSTests.negate(Array(signature[32...]))
        #expect(key.isValidSignature(lowS, for: Array(signingInput.utf8)))
        #expect(!key.isValidSignature(lowS, for: Array((signingInput + "x").utf8)))
    }

    @Test("generated keys are named by their RFC 7638 thumbprint and round-trip through the private JWK Set")
    func generateAndRoundTrip() throws {
        let keys = [
            SigningKey.generate(.es256), SigningKey.generate(.edDSA, notBefore: 1_800_000_000),
            SigningKey.generate(.es256, notBefore: -5),
        ]
        for key in keys { #expect(key.kid == key.verificationKey.thumbprint && key.kid.utf8.count == 43) }
        let set = try JWKSet(keys: keys)
        let reread = try JWKSet(privateJWKSetJSON: set.privateJWKSetJSON())
        #expect(reread.keys.map(\.kid) == keys.map(\.kid))
        #expect(reread.keys.map(\.notBefore) == keys.map(\.notBefore))
        #expect(reread.keys.map(\.algorithm) == keys.map(\.algorithm))
        #expect(reread.keys.map { $0.privateJWK() } == keys.map { $0.privateJWK() })
        #expect(reread.privateJWKSetJSON() == set.privateJWKSetJSON())
        for key in reread.keys {
            let message = Array("rotation".utf8)
            #expect(try set.verificationKey(kid: key.kid)?.isValidSignature(key.sign(message), for: message) == true)
        }
    }

    @Test("private JWKs list kty, crv, x, y, d, kid, alg, use and nbf when set")
    func privateJWKShape() {
        let ec = SigningKey.generate(.es256, notBefore: 42).privateJWK()
        #expect(ec.names == ["kty", "crv", "x", "y", "d", "kid", "alg", "use", "nbf"])
        #expect(ec["kty"] == "EC" && ec["crv"] == "P-256" && ec["alg"] == "ES256" && ec["use"] == "sig")
        #expect(ec["nbf"] == 42)
        let okp = SigningKey.generate(.edDSA).privateJWK()
        #expect(okp.names == ["kty", "crv", "x", "d", "kid", "alg", "use"])
        #expect(okp["kty"] == "OKP" && okp["crv"] == "Ed25519" && okp["alg"] == "EdDSA")
    }

    @Test("the public JWKS carries public members only, never d or nbf")
    func publicJWKS() throws {
        let set = try JWKSet(keys: [SigningKey.generate(.es256, notBefore: 7), SigningKey.generate(.edDSA)])
        let jwks = set.publicJWKS()
        let keys = try #require(jwks["keys"]?.arrayValue)
        #expect(jwks.objectValue?.names == ["keys"])
        #expect(keys[0].objectValue?.names == ["kty", "crv", "x", "y", "kid", "alg", "use"])
        #expect(keys[1].objectValue?.names == ["kty", "crv", "x", "kid", "alg", "use"])
        for (key, published) in zip(set.keys, keys) {
            #expect(!jwks.jsonText.contains(key.privateJWK()["d"]!.stringValue!))
            let reread = try VerificationKey(publicJWK: #require(published.objectValue))
            #expect(reread.kid == key.kid && reread.thumbprint == key.verificationKey.thumbprint)
        }
        #expect(!jwks.jsonText.contains(#""d""#))
        #expect(!jwks.jsonText.contains("nbf"))
    }

    @Test("a key set read from JSON publishes the members it was read with, the same as keys built in memory")
    func publishedMembersOfAReadSet() throws {
        let built = try JWKSet(keys: [SigningKey.generate(.es256), SigningKey.generate(.edDSA), SigningKey.generate(.es256)])
        let read = try JWKSet(privateJWKSetJSON: built.privateJWKSetJSON())
        #expect(read.publicJWKS().jsonText == built.publicJWKS().jsonText)
        for (builtKey, readKey) in zip(built.keys, read.keys) {
            #expect(readKey.verificationKey.publicJWK().jsonText == builtKey.verificationKey.publicJWK().jsonText)
            #expect(readKey.verificationKey.thumbprint == builtKey.verificationKey.thumbprint)
        }
    }

    @Test("signs with the newest active key: latest nbf not after now, absent as 0, last listed on a tie")
    func newestActive() throws {
        let always = SigningKey.generate(.es256)
        let at100 = SigningKey.generate(.edDSA, notBefore: 100)
        let at200 = SigningKey.generate(.es256, notBefore: 200)
        let alsoAt200 = SigningKey.generate(.edDSA, notBefore: 200)
        let at0 = SigningKey.generate(.es256, notBefore: 0)
        let set = try JWKSet(keys: [always, at200, at100, alsoAt200, at0])
        #expect(set.signingKey(at: -1)?.kid == nil)
        #expect(set.signingKey(at: 0)?.kid == at0.kid)
        #expect(set.signingKey(at: 99)?.kid == at0.kid)
        #expect(set.signingKey(at: 100)?.kid == at100.kid)
        #expect(set.signingKey(at: 199)?.kid == at100.kid)
        #expect(set.signingKey(at: 200)?.kid == alsoAt200.kid)
        #expect(set.signingKey(at: 200, algorithm: .es256)?.kid == at200.kid)
        #expect(set.signingKey(at: 150, algorithm: .es256)?.kid == at0.kid)
        #expect(set.signingKey(at: 50, algorithm: .edDSA) == nil)
        for key in [always, at100, at200, alsoAt200, at0] { #expect(set.verificationKey(kid: key.kid) != nil) }
        #expect(set.verificationKey(kid: "absent") == nil)
    }

    @Test("a single key without nbf signs at any time")
    func singleKey() throws {
        let set = try JWKSet(privateJWKSetJSON: keySet(rfc7515Key))
        #expect(set.signingKey(at: 0)?.kid == "rfc7515")
        #expect(set.signingKey(at: 4_000_000_000)?.kid == "rfc7515")
    }

    @Test("accepts optional alg, use and key_ops members that agree with a signing key")
    func optionalMembers() throws {
        var key = edit(rfc7515Key, "alg", #""ES256""#)
        key = edit(key, "use", #""sig""#)
        key = edit(key, "key_ops", #"["sign","verify"]"#)
        key = edit(key, "nbf", "1700000000")
        let set = try JWKSet(privateJWKSetJSON: keySet(key, edit(rfc8037Key, "key_ops", #"["sign"]"#)))
        #expect(set.keys.first?.notBefore == 1_700_000_000)
    }

    static let otherP256D = SigningKey.generate(.es256).privateJWK()["d"]!.stringValue!

    static let rejections: [(String, String, KeySetError)] = [
        ("not JSON", "{keys:[]}", KeySetError(.notJSON)),
        ("trailing comma", keySet(rfc7515Key) + ",", KeySetError(.notJSON)),
        (
            "duplicate member in a key", keySet(String(rfc7515Key.dropLast()) + #","kid":"again"}"#),
            KeySetError(.notJSON)
        ),
        ("array", "[" + rfc7515Key + "]", KeySetError(.notAKeySet)),
        ("no keys member", #"{"key":[]}"#, KeySetError(.notAKeySet)),
        ("extra top-level member", #"{"keys":[\#(rfc7515Key)],"x":1}"#, KeySetError(.notAKeySet)),
        ("keys not an array", #"{"keys":{}}"#, KeySetError(.notAKeySet)),
        ("empty", #"{"keys":[]}"#, KeySetError(.noKeys)),
        ("key not an object", keySet(rfc7515Key, "1"), KeySetError(.keyNotAnObject, keyIndex: 1)),
        (
            "RSA with EC members", keySet(edit(rfc7515Key, "kty", #""RSA""#)),
            KeySetError(.unknownMember, keyIndex: 0)
        ),
        (
            "oct", keySet(edit(rfc7515Key, "kty", #""oct""#)),
            KeySetError(.unsupportedKeyType, keyIndex: 0, member: "kty")
        ),
        ("kty missing", keySet(edit(rfc7515Key, "kty", nil)), KeySetError(.missingMember, keyIndex: 0, member: "kty")),
        (
            "kty not a string", keySet(edit(rfc7515Key, "kty", "1")),
            KeySetError(.invalidMember, keyIndex: 0, member: "kty")
        ),
        (
            "P-384", keySet(edit(rfc7515Key, "crv", #""P-384""#)),
            KeySetError(.unsupportedCurve, keyIndex: 0, member: "crv")
        ),
        (
            "X25519", keySet(edit(rfc8037Key, "crv", #""X25519""#)),
            KeySetError(.unsupportedCurve, keyIndex: 0, member: "crv")
        ),
        (
            "EC with Ed25519", keySet(edit(rfc7515Key, "crv", #""Ed25519""#)),
            KeySetError(.unsupportedCurve, keyIndex: 0, member: "crv")
        ),
        ("crv missing", keySet(edit(rfc8037Key, "crv", nil)), KeySetError(.missingMember, keyIndex: 0, member: "crv")),
        ("x missing", keySet(edit(rfc7515Key, "x", nil)), KeySetError(.missingMember, keyIndex: 0, member: "x")),
        ("y missing", keySet(edit(rfc7515Key, "y", nil)), KeySetError(.missingMember, keyIndex: 0, member: "y")),
        ("d missing", keySet(edit(rfc8037Key, "d", nil)), KeySetError(.missingMember, keyIndex: 0, member: "d")),
        (
            "kid missing", keySet(rfc8037Key, edit(rfc7515Key, "kid", nil)),
            KeySetError(.missingMember, keyIndex: 1, member: "kid")
        ),
        ("kid empty", keySet(edit(rfc7515Key, "kid", #""""#)), KeySetError(.invalidMember, keyIndex: 0, member: "kid")),
        ("kid a number", keySet(edit(rfc7515Key, "kid", "7")), KeySetError(.invalidMember, keyIndex: 0, member: "kid")),
        (
            "x too short", keySet(edit(rfc8037Key, "x", #""11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "x")
        ),
        (
            "x padded", keySet(edit(rfc8037Key, "x", #""11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "x")
        ),
        (
            "x standard base64", keySet(edit(rfc8037Key, "x", #""11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "x")
        ),
        (
            "y too long", keySet(edit(rfc7515Key, "y", #""AAx_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "y")
        ),
        (
            "d too short", keySet(edit(rfc7515Key, "d", #""jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9L""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "d")
        ),
        ("d not a string", keySet(edit(rfc7515Key, "d", "[]")), KeySetError(.invalidMember, keyIndex: 0, member: "d")),
        (
            "alg of another type", keySet(edit(rfc7515Key, "alg", #""EdDSA""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "alg")
        ),
        (
            "alg ES384", keySet(edit(rfc7515Key, "alg", #""ES384""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "alg")
        ),
        (
            "alg HS256", keySet(edit(rfc8037Key, "alg", #""HS256""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "alg")
        ),
        (
            "use enc", keySet(edit(rfc7515Key, "use", #""enc""#)),
            KeySetError(.notASigningKey, keyIndex: 0, member: "use")
        ),
        (
            "key_ops encrypt", keySet(edit(rfc7515Key, "key_ops", #"["encrypt","decrypt"]"#)),
            KeySetError(.notASigningKey, keyIndex: 0, member: "key_ops")
        ),
        (
            "key_ops verify only", keySet(edit(rfc7515Key, "key_ops", #"["verify"]"#)),
            KeySetError(.notASigningKey, keyIndex: 0, member: "key_ops")
        ),
        (
            "key_ops a string", keySet(edit(rfc7515Key, "key_ops", #""sign""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "key_ops")
        ),
        (
            "key_ops repeated", keySet(edit(rfc7515Key, "key_ops", #"["sign","sign"]"#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "key_ops")
        ),
        (
            "key_ops empty", keySet(edit(rfc7515Key, "key_ops", "[]")),
            KeySetError(.invalidMember, keyIndex: 0, member: "key_ops")
        ),
        (
            "nbf a string", keySet(edit(rfc7515Key, "nbf", #""1700000000""#)),
            KeySetError(.invalidMember, keyIndex: 0, member: "nbf")
        ),
        (
            "nbf fractional", keySet(edit(rfc7515Key, "nbf", "1700000000.5")),
            KeySetError(.invalidMember, keyIndex: 0, member: "nbf")
        ),
        (
            "nbf with exponent", keySet(edit(rfc7515Key, "nbf", "17e8")),
            KeySetError(.invalidMember, keyIndex: 0, member: "nbf")
        ),
        ("unknown member", keySet(edit(rfc7515Key, "ext", "true")), KeySetError(.unknownMember, keyIndex: 0)),
        ("y on an OKP key", keySet(edit(rfc8037Key, "y", #""AAAA""#)), KeySetError(.unknownMember, keyIndex: 0)),
        (
            "RSA member on an EC key", keySet(edit(rfc7515Key, "n", #""AAAA""#)),
            KeySetError(.unknownMember, keyIndex: 0)
        ),
        (
            "d of another key", keySet(edit(rfc7515Key, "d", #""\#(otherP256D)""#)),
            KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")
        ),
        (
            "d of another Ed25519 key",
            keySet(edit(rfc8037Key, "d", #""jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI""#)),
            KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")
        ),
        (
            "d zero", keySet(edit(rfc7515Key, "d", #""AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA""#)),
            KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")
        ),
        (
            "d the group order", keySet(edit(rfc7515Key, "d", #""_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE""#)),
            KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")
        ),
        (
            "x of another key", keySet(edit(rfc8037Key, "x", #""f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU""#)),
            KeySetError(.privateKeyMismatch, keyIndex: 0, member: "d")
        ),
        (
            "duplicate kid", keySet(rfc7515Key, edit(rfc8037Key, "kid", #""rfc7515""#)),
            KeySetError(.duplicateKeyID, keyIndex: 1, member: "kid")
        ),
    ]

    @Test("refuses key sets that are not exactly right", arguments: rejections)
    func rejection(name: String, json: String, expected: KeySetError) {
        #expect(throws: expected, "\(name)") { try JWKSet(privateJWKSetJSON: json) }
    }

    @Test(
        "the public halves (jwks) and the public keys (verify) read alone are refused for the same faults, but for a d not derived again",
        arguments: rejections)
    func partialReadRejection(name: String, json: String, expected: KeySetError) throws {
        let readers: [(String, (String) throws(KeySetError) -> Int)] = [
            ("PublishedKeySet", { text throws(KeySetError) in try PublishedKeySet(privateJWKSetJSON: text).keys.count }),
            ("VerificationKeySet", { text throws(KeySetError) in try VerificationKeySet(privateJWKSetJSON: text).keys.count }),
        ]
        for (reader, read) in readers {
            if expected.reason == .privateKeyMismatch {
                // Read in form only: this d has the right length; the functions that sign refuse it.
                #expect(try read(json) == 1, "\(reader): \(name)")
            } else {
                #expect(throws: expected, "\(reader): \(name)") { try read(json) }
            }
        }
    }

    @Test("the public keys read alone verify what the whole key set signs, and refuse a point off the curve")
    func verificationKeysAlone() throws {
        let set = try JWKSet(keys: [
            SigningKey.generate(.es256), SigningKey.generate(.edDSA), SigningKey.generate(.rs256),
            SigningKey.generate(.ps256),
        ])
        let alone = try VerificationKeySet(privateJWKSetJSON: set.privateJWKSetJSON())
        #expect(alone.keys.map(\.kid) == set.keys.map(\.kid))
        #expect(alone.keys.map(\.algorithm) == [.es256, .edDSA, .rs256, .ps256])
        #expect(PublishedKeySet(publishing: alone).document == set.publicJWKS())
        let message = Array("verify".utf8)
        for key in set.keys {
            let signature = try key.sign(message)
            #expect(alone.verificationKey(kid: key.kid)?.isValidSignature(signature, for: message) == true)
            #expect(alone.verificationKey(kid: key.kid)?.isValidSignature(signature, for: message + [0]) == false)
        }
        let offCurve = keySet(edit(rfc7515Key, "y", #""\#(Base64URL.encode([UInt8](repeating: 1, count: 32)))""#))
        #expect(throws: KeySetError(.invalidMember, keyIndex: 0, member: "x")) {
            try VerificationKeySet(privateJWKSetJSON: offCurve)
        }
        #expect(throws: KeySetError(.missingMember, keyIndex: 0, member: "d")) {
            try VerificationKeySet(privateJWKSetJSON: keySet(edit(rfc7515Key, "d", nil)))
        }
    }

    @Test("the public halves read alone publish the document the whole key set publishes")
    func publishedDocument() throws {
        let rsa = SigningKey.generate(.rs256)
        let set = try JWKSet(keys: [
            SigningKey.generate(.es256), SigningKey.generate(.edDSA, notBefore: 1_800_000_000), rsa,
            SigningKey.generate(.ps256),
        ])
        let text = set.privateJWKSetJSON()
        let published = try PublishedKeySet(privateJWKSetJSON: text)
        #expect(published.document == set.publicJWKS())
        #expect(published.document == (try JWKSet(privateJWKSetJSON: text)).publicJWKS())
        #expect(published.keys.map(\.kid) == set.keys.map(\.kid))
        #expect(published.keys.map(\.algorithm) == [.es256, .edDSA, .rs256, .ps256])
        #expect(!published.document.jsonText.contains(#""d""#) && !published.document.jsonText.contains("nbf"))
        let rfcs = try PublishedKeySet(privateJWKSetJSON: keySet(rfc7515Key, rfc8037Key))
        #expect(rfcs.document == (try JWKSet(privateJWKSetJSON: keySet(rfc7515Key, rfc8037Key))).publicJWKS())
    }

    @Test("key set errors never print key material or kids")
    func secretFreeErrors() throws {
        let secret = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"
        let cases = [
            keySet(edit(rfc7515Key, "d", #""\#(Self.otherP256D)""#)), keySet(edit(rfc7515Key, "d", #""\#(secret)X""#)),
            keySet(edit(rfc7515Key, "\(secret)", "1")), keySet(rfc7515Key, rfc7515Key), keySet(rfc7515Key) + secret,
        ]
        for json in cases {
            do throws(KeySetError) {
                _ = try JWKSet(privateJWKSetJSON: json)
                Issue.record("accepted a bad key set")
            } catch {
                #expect(!error.description.contains(secret))
                #expect(!error.description.contains(Self.otherP256D))
                #expect(!error.description.contains("rfc7515"))
            }
        }
    }

    @Test("signing keys never show their private key when printed, debug-printed or dumped")
    func signingKeyDescription() throws {
        let set = try JWKSet(privateJWKSetJSON: keySet(rfc7515Key))
        let key = try #require(set.keys.first)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped, "\(set)", String(reflecting: set)] {
            #expect(!text.contains("jpsQnnGQmL"))
            #expect(!text.contains("8e9b109e"))
            #expect(text.contains("rfc7515"))
        }
    }

    @Test("a public JWK that carries d is refused")
    func publicJWKWithPrivateMember() throws {
        let object = try #require(try JSONValue.parse(rfc7515Key).objectValue)
        #expect(throws: KeySetError(.unexpectedPrivateKey, member: "d")) { try VerificationKey(publicJWK: object) }
        var withoutD = object
        withoutD["d"] = nil
        #expect(try VerificationKey(publicJWK: withoutD).algorithm == .es256)
        var withNbf = withoutD
        withNbf["nbf"] = 5
        #expect(throws: KeySetError(.unknownMember, member: "nbf")) { try VerificationKey(publicJWK: withNbf) }
        var offCurve = withoutD
        offCurve["y"] = .string(Base64URL.encode([UInt8](repeating: 1, count: 32)))
        #expect(throws: KeySetError(.invalidMember, member: "x")) { try VerificationKey(publicJWK: offCurve) }
    }

    @Test("JWKSet(keys:) refuses duplicate kids")
    func duplicateKids() {
        let key = SigningKey.generate(.es256)
        let twin = SigningKey(kid: key.kid, privateKey: SigningKey.generate(.edDSA).privateKey)
        #expect(throws: KeySetError(.duplicateKeyID, keyIndex: 1, member: "kid")) { try JWKSet(keys: [key, twin]) }
    }
}
