import Crypto
import GatehouseCore
import Testing

/// Keys and helpers shared by the token tests: one ES256 and one EdDSA key, and hand-built tokens.
enum TokenFixtures {
    static let es256 = SigningKey.generate(.es256)
    static let edDSA = SigningKey.generate(.edDSA)
    /// Published in the set, so it verifies, but not active until far in the future.
    static let upcoming = SigningKey.generate(.es256, notBefore: 4_000_000_000)
    static let keys = try! JWKSet(keys: [es256, edDSA, upcoming])
    static let issuer = "https://auth.gatehouse.example"
    static let audience = "https://api.gatehouse.example"
    static let now: Int64 = 1_700_000_000
    static let verifier = JWTVerifier(keys: keys, issuer: issuer, audience: audience)

    static var claims: JSONObject {
        [
            "iss": .string(issuer), "aud": .string(audience), "sub": "user-1", "iat": .integer(now),
            "nbf": .integer(now), "exp": .integer(now + 3600), "jti": "j-1",
        ]
    }

    static var p256PrivateKey: P256.Signing.PrivateKey? {
        if case .p256(let key) = es256.privateKey { return key }
        return nil
    }

    static func encode(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

    /// A token with exactly this header and payload text, signed by `key` (or carrying `signature`).
    static func token(header: String, payload: String, key: SigningKey? = es256, signature: [UInt8]? = nil) -> String {
        let signingInput = encode(header) + "." + encode(payload)
        let bytes = signature ?? (try! key!.sign(Array(signingInput.utf8)))
        return signingInput + "." + Base64URL.encode(bytes)
    }

    static func header(_ key: SigningKey = es256, extra: String = "") -> String {
        #"{"alg":"\#(key.algorithm.rawValue)","typ":"at+jwt","kid":"\#(key.kid)"\#(extra)}"#
    }

    static func payload(_ claims: JSONObject = claims) -> String { claims.jsonText }

    static func parts(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

private typealias F = TokenFixtures

private func expectRejection(
    _ token: String,
    _ reason: TokenError.Reason,
    verifier: JWTVerifier = F.verifier,
    now: Int64 = F.now,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: TokenError(reason), sourceLocation: sourceLocation) { try verifier.verify(token, now: now) }
}

@Suite("JWT signing and verification")
struct JOSETests {
    @Test("a signed token verifies and returns its claims", arguments: [JWSAlgorithm.es256, .edDSA])
    func roundTrip(algorithm: JWSAlgorithm) throws {
        let key = try #require(F.keys.signingKey(at: F.now, algorithm: algorithm))
        #expect(key.algorithm == algorithm)
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: key)
        #expect(try F.verifier.verify(token, now: F.now) == F.claims)
    }

    @Test("the protected header is exactly alg, typ, kid", arguments: [JWSAlgorithm.es256, .edDSA])
    func headerShape(algorithm: JWSAlgorithm) throws {
        let key = algorithm == .es256 ? F.es256 : F.edDSA
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: key)
        let parts = F.parts(token)
        #expect(parts.count == 3)
        let header = try JSONValue.parse(#require(Base64URL.decode(parts[0])))
        #expect(header.jsonText == #"{"alg":"\#(algorithm.rawValue)","typ":"at+jwt","kid":"\#(key.kid)"}"#)
        #expect(Base64URL.decode(parts[2])?.count == 64)
    }

    @Test("a key published ahead of its activation still verifies")
    func upcomingKeyVerifies() throws {
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.upcoming)
        #expect(try F.verifier.verify(token, now: F.now) == F.claims)
    }

    // MARK: Structure

    @Test("refuses tokens over the length limit before any other work")
    func tooLong() throws {
        expectRejection(String(repeating: "A", count: 8193), .tooLong)
        expectRejection(String(repeating: ".", count: 8193), .tooLong)
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.es256)
        let exact = JWTVerifier(keys: F.keys, issuer: F.issuer, audience: F.audience, maxTokenLength: token.utf8.count)
        #expect(throws: Never.self) { try exact.verify(token, now: F.now) }
        let shorter = JWTVerifier(
            keys: F.keys,
            issuer: F.issuer,
            audience: F.audience,
            maxTokenLength: token.utf8.count - 1
        )
        expectRejection(token, .tooLong, verifier: shorter)
    }

    @Test("refuses a token of 8 KiB plus one byte even when otherwise valid")
    func eightKiBPlusOne() throws {
        var found: (token: String, claims: JSONObject)? = nil
        search: for spaces in 0..<4 {
            for padding in 5_800..<6_000 {
                var claims = F.claims
                claims["pad"] = .string(String(repeating: "x", count: padding))
                let header = F.header(F.edDSA) + String(repeating: " ", count: spaces)
                let token = F.token(header: header, payload: claims.jsonText, key: F.edDSA)
                if token.utf8.count == 8193 {
                    found = (token, claims)
                    break search
                }
            }
        }
        let (token, claims) = try #require(found)
        expectRejection(token, .tooLong)
        let roomier = JWTVerifier(keys: F.keys, issuer: F.issuer, audience: F.audience, maxTokenLength: 8193)
        #expect(try roomier.verify(token, now: F.now) == claims)
    }

    @Test("refuses anything but three parts", arguments: ["", "abc", "a.b", "a.b.c.d", "....", "a..b.c"])
    func notThreeParts(token: String) {
        expectRejection(token, .malformed)
    }

    @Test("refuses non-canonical base64url in any part", arguments: 0..<3)
    func nonCanonicalBase64URL(part: Int) throws {
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.es256)
        var parts = F.parts(token)
        for variant in [parts[part] + "=", parts[part] + "==", "+" + parts[part].dropFirst(), " " + parts[part]] {
            var modified = parts
            modified[part] = variant
            expectRejection(modified.joined(separator: "."), .invalidBase64URL)
        }
        parts[part] += String(repeating: "A", count: (5 - parts[part].count % 4) % 4)
        expectRejection(parts.joined(separator: "."), .invalidBase64URL)
    }

    @Test("refuses a signature whose unused trailing bits are set, though lenient decoders read the same bytes")
    func trailingBitsInSignature() throws {
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.es256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var characters = Array(token)
        let last = try #require(alphabet.firstIndex(of: characters[characters.count - 1]))
        #expect(last & 0x0F == 0)
        characters[characters.count - 1] = alphabet[last | 0x01]
        expectRejection(String(characters), .invalidBase64URL)
    }

    @Test("refuses a header or payload that is not a JSON object")
    func notObjects() {
        expectRejection(F.token(header: "[]", payload: F.payload()), .malformedHeader)
        expectRejection(F.token(header: "", payload: F.payload()), .malformedHeader)
        expectRejection(F.token(header: #"{"alg":"ES256",}"#, payload: F.payload()), .malformedHeader)
        expectRejection(F.token(header: F.header(), payload: "foo"), .malformedClaims)
        expectRejection(F.token(header: F.header(), payload: "[]"), .malformedClaims)
        expectRejection(F.token(header: F.header(), payload: ""), .malformedClaims)
    }

    @Test("refuses duplicate members in the header, also when spelled with escapes")
    func duplicateHeaderMembers() {
        let kid = F.es256.kid
        for header in [
            #"{"alg":"ES256","typ":"at+jwt","kid":"\#(kid)","alg":"ES256"}"#,
            #"{"alg":"none","typ":"at+jwt","kid":"\#(kid)","alg":"ES256"}"#,
            #"{"alg":"ES256","typ":"at+jwt","kid":"\#(kid)","\u006bid":"other"}"#,
        ] {
            expectRejection(F.token(header: header, payload: F.payload()), .duplicateHeaderMember)
        }
    }

    @Test("refuses duplicate claims, even in a validly signed token")
    func duplicateClaims() {
        let base = F.payload()
        let withDuplicate = String(base.dropLast()) + #","sub":"admin"}"#
        expectRejection(F.token(header: F.header(), payload: withDuplicate), .duplicateClaim)
        let escaped = String(base.dropLast()) + #","\u0065xp":99999999999}"#
        expectRejection(F.token(header: F.header(), payload: escaped), .duplicateClaim)
    }

    // MARK: Algorithm and key

    @Test("refuses a missing alg")
    func missingAlgorithm() {
        let header = #"{"typ":"at+jwt","kid":"\#(F.es256.kid)"}"#
        expectRejection(F.token(header: header, payload: F.payload()), .missingAlgorithm)
    }

    @Test("refuses alg none with an empty signature, in any spelling", arguments: ["none", "None", "NONE"])
    func algorithmNone(alg: String) {
        let header = #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(F.es256.kid)"}"#
        let token = F.encode(header) + "." + F.encode(F.payload()) + "."
        expectRejection(token, .unsecuredAlgorithm)
        let withoutKid = F.encode(#"{"alg":"\#(alg)","typ":"at+jwt"}"#) + "." + F.encode(F.payload()) + "."
        expectRejection(withoutKid, .unsecuredAlgorithm)
    }

    @Test("refuses HS256 tokens MACed with our public key in any representation")
    func keyConfusion() throws {
        let privateKey = try #require(F.p256PrivateKey)
        let publicKey = privateKey.publicKey
        let pem = publicKey.pemRepresentation
        let secrets: [[UInt8]] = [
            F.es256.publicJWK().serialized(),
            Array(JSONValue.object(["keys": [.object(F.es256.publicJWK())]]).jsonText.utf8),
            Array(publicKey.x963Representation),
            Array(publicKey.rawRepresentation),
            Array(publicKey.derRepresentation),
            Array(pem.utf8),
            Array((pem + "\n").utf8),
        ]
        for secret in secrets {
            for alg in ["HS256", "HS384", "HS512"] {
                let header = #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(F.es256.kid)"}"#
                let signingInput = F.encode(header) + "." + F.encode(F.payload())
                let mac = HMAC<SHA256>.authenticationCode(
                    for: Array(signingInput.utf8),
                    using: SymmetricKey(data: secret)
                )
                expectRejection(signingInput + "." + Base64URL.encode(Array(mac)), .algorithmMismatch)
            }
        }
    }

    @Test("refuses an alg that differs from the algorithm of the key named by kid")
    func algorithmMismatch() {
        let claims = F.payload()
        let cases: [(alg: String, key: SigningKey)] = [
            ("EdDSA", F.es256), ("ES256", F.edDSA), ("ES384", F.es256), ("es256", F.es256), ("RS256", F.es256),
            ("Ed25519", F.edDSA), ("", F.es256),
        ]
        for (alg, key) in cases {
            let header = #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(key.kid)"}"#
            expectRejection(F.token(header: header, payload: claims, key: key), .algorithmMismatch)
        }
        let numeric = #"{"alg":256,"typ":"at+jwt","kid":"\#(F.es256.kid)"}"#
        expectRejection(F.token(header: numeric, payload: claims), .algorithmMismatch)
    }

    @Test("refuses a missing or unknown kid, with no fallback key")
    func keyID() {
        let claims = F.payload()
        expectRejection(F.token(header: #"{"alg":"ES256","typ":"at+jwt"}"#, payload: claims), .missingKeyID)
        for kid in [#""unknown""#, #""""#, "null", "1", #"["\#(F.es256.kid)"]"#, #""\#(F.es256.kid) ""#] {
            let header = #"{"alg":"ES256","typ":"at+jwt","kid":\#(kid)}"#
            expectRejection(F.token(header: header, payload: claims), .unknownKeyID)
        }
    }

    @Test(
        "refuses header members that bring their own key or semantics",
        arguments: [
            #""crit":["exp"]"#, #""crit":[]"#, #""jwk":{"kty":"EC"}"#, #""jku":"https://evil.example/jwks""#,
            #""x5u":"https://evil.example/cert""#, #""x5c":["MIIB"]"#, #""x5t":"abc""#, #""x5t#S256":"abc""#,
        ]
    )
    func forbiddenHeaderMembers(member: String) {
        expectRejection(F.token(header: F.header(extra: "," + member), payload: F.payload()), .forbiddenHeaderMember)
    }

    @Test("refuses a jwk header carrying the attacker's own key, even when signed by it")
    func embeddedAttackerKey() throws {
        let attacker = SigningKey.generate(.es256)
        let jwk = attacker.publicJWK().jsonText
        let header = #"{"alg":"ES256","typ":"at+jwt","kid":"\#(attacker.kid)","jwk":\#(jwk)}"#
        expectRejection(F.token(header: header, payload: F.payload(), key: attacker), .forbiddenHeaderMember)
        let withoutJWK = #"{"alg":"ES256","typ":"at+jwt","kid":"\#(attacker.kid)"}"#
        expectRejection(F.token(header: withoutJWK, payload: F.payload(), key: attacker), .unknownKeyID)
    }

    // MARK: Type

    @Test(
        "accepts typ case-insensitively with an optional application/ prefix",
        arguments: [
            "at+jwt", "AT+JWT", "application/at+jwt", "Application/At+Jwt",
        ]
    )
    func acceptedTypes(type: String) throws {
        let token = try JWTSigner.sign(claims: F.claims, type: type, key: F.es256)
        #expect(try F.verifier.verify(token, now: F.now) == F.claims)
    }

    @Test(
        "refuses a missing or different typ",
        arguments: [
            "JWT", "jwt", "at+jwt ", "application/jwt", "at+jw\u{1D1B}", "\u{0100}t+jwt", "application/application/at+jwt", "text/at+jwt", "dpop+jwt", "",
        ]
    )
    func wrongType(type: String) throws {
        let token = try JWTSigner.sign(claims: F.claims, type: type, key: F.es256)
        expectRejection(token, .wrongType)
        let missing = #"{"alg":"ES256","kid":"\#(F.es256.kid)"}"#
        expectRejection(F.token(header: missing, payload: F.payload()), .wrongType)
        let numeric = #"{"alg":"ES256","typ":1,"kid":"\#(F.es256.kid)"}"#
        expectRejection(F.token(header: numeric, payload: F.payload()), .wrongType)
    }

    @Test("honours a different expected type")
    func customType() throws {
        let verifier = JWTVerifier(
            keys: F.keys,
            issuer: F.issuer,
            audience: F.audience,
            expectedType: "application/dpop+jwt"
        )
        let token = try JWTSigner.sign(claims: F.claims, type: "dpop+jwt", key: F.edDSA)
        #expect(try verifier.verify(token, now: F.now) == F.claims)
        expectRejection(
            try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.edDSA),
            .wrongType,
            verifier: verifier
        )
    }

    // MARK: Signature

    @Test(
        "refuses truncated, extended, bit-flipped, empty and foreign signatures",
        arguments: [JWSAlgorithm.es256, .edDSA]
    )
    func badSignatures(algorithm: JWSAlgorithm) throws {
        let key = algorithm == .es256 ? F.es256 : F.edDSA
        let header = F.header(key)
        let signingInput = F.encode(header) + "." + F.encode(F.payload())
        let signature = try key.sign(Array(signingInput.utf8))
        #expect(throws: Never.self) {
            try F.verifier.verify(F.token(header: header, payload: F.payload(), signature: signature), now: F.now)
        }

        var variants: [[UInt8]] = [
            [], Array(signature.dropLast()), Array(signature.dropFirst()), signature + [0],
            [0] + signature, signature + signature, [UInt8](repeating: 0, count: 64),
        ]
        for bit in [0, 7, 8 * 31, 8 * 32, 8 * 63 + 7] {
            var flipped = signature
            flipped[bit / 8] ^= 1 << (bit % 8)
            variants.append(flipped)
        }
        let impostor = SigningKey(kid: key.kid, privateKey: SigningKey.generate(algorithm).privateKey)
        variants.append(try impostor.sign(Array(signingInput.utf8)))
        for variant in variants {
            expectRejection(F.token(header: header, payload: F.payload(), signature: variant), .invalidSignature)
        }
    }

    @Test("refuses an ES256 signature in DER form")
    func derSignature() throws {
        let privateKey = try #require(F.p256PrivateKey)
        let header = F.header()
        let signingInput = F.encode(header) + "." + F.encode(F.payload())
        let der = Array(try privateKey.signature(for: Array(signingInput.utf8)).derRepresentation)
        expectRejection(F.token(header: header, payload: F.payload(), signature: der), .invalidSignature)
    }

    @Test("refuses a payload changed after signing")
    func modifiedPayload() throws {
        let token = try JWTSigner.sign(claims: F.claims, type: "at+jwt", key: F.es256)
        var claims = F.claims
        claims["sub"] = "admin"
        let parts = F.parts(token)
        expectRejection([parts[0], F.encode(claims.jsonText), parts[2]].joined(separator: "."), .invalidSignature)
    }

    // MARK: Claims

    private func signed(_ change: (inout JSONObject) -> Void) throws -> String {
        var claims = F.claims
        change(&claims)
        return try JWTSigner.sign(claims: claims, type: "at+jwt", key: F.es256)
    }

    @Test("refuses a missing or different issuer")
    func issuer() throws {
        expectRejection(try signed { $0["iss"] = "https://evil.example" }, .wrongIssuer)
        expectRejection(try signed { $0["iss"] = .string(F.issuer + "/") }, .wrongIssuer)
        expectRejection(try signed { $0["iss"] = nil }, .wrongIssuer)
        expectRejection(try signed { $0["iss"] = [.string(F.issuer)] }, .wrongIssuer)
    }

    @Test("accepts an audience given as a string or listed in an array")
    func audienceAccepted() throws {
        #expect(throws: Never.self) {
            try F.verifier.verify(try self.signed { $0["aud"] = .string(F.audience) }, now: F.now)
        }
        #expect(throws: Never.self) {
            try F.verifier.verify(try self.signed { $0["aud"] = ["other", .string(F.audience)] }, now: F.now)
        }
    }

    @Test("refuses a missing or different audience")
    func audienceRefused() throws {
        expectRejection(try signed { $0["aud"] = "other" }, .wrongAudience)
        expectRejection(try signed { $0["aud"] = ["other", "another"] }, .wrongAudience)
        expectRejection(try signed { $0["aud"] = [] }, .wrongAudience)
        expectRejection(try signed { $0["aud"] = nil }, .wrongAudience)
        expectRejection(try signed { $0["aud"] = [[.string(F.audience)]] }, .wrongAudience)
        expectRejection(try signed { $0["aud"] = .object(["aud": .string(F.audience)]) }, .wrongAudience)
    }

    @Test("judges exp with the leeway and requires it")
    func expiry() throws {
        let now = F.now
        expectRejection(try signed { $0["exp"] = nil }, .missingExpiry)
        expectRejection(try signed { $0["exp"] = .integer(now - 61) }, .expired)
        expectRejection(try signed { $0["exp"] = .integer(now - 60) }, .expired)
        #expect(throws: Never.self) {
            try F.verifier.verify(try self.signed { $0["exp"] = .integer(now - 59) }, now: now)
        }
        let token = try signed { _ in }
        expectRejection(token, .expired, now: now + 3660)
        #expect(throws: Never.self) { try F.verifier.verify(token, now: now + 3659) }
        expectRejection(try signed { $0["exp"] = .integer(.min) }, .expired)
        let strict = JWTVerifier(keys: F.keys, issuer: F.issuer, audience: F.audience, leeway: 0)
        expectRejection(token, .expired, verifier: strict, now: now + 3600)
    }

    @Test("judges nbf and iat with the leeway")
    func notBeforeAndIssuedAt() throws {
        let now = F.now
        expectRejection(try signed { $0["nbf"] = .integer(now + 61) }, .notYetValid)
        #expect(throws: Never.self) {
            try F.verifier.verify(try self.signed { $0["nbf"] = .integer(now + 60) }, now: now)
        }
        #expect(throws: Never.self) { try F.verifier.verify(try self.signed { $0["nbf"] = nil }, now: now) }
        expectRejection(try signed { $0["nbf"] = .integer(.max) }, .notYetValid)
        expectRejection(try signed { $0["iat"] = .integer(now + 61) }, .issuedInFuture)
        #expect(throws: Never.self) {
            try F.verifier.verify(try self.signed { $0["iat"] = .integer(now + 60) }, now: now)
        }
        #expect(throws: Never.self) { try F.verifier.verify(try self.signed { $0["iat"] = nil }, now: now) }
    }

    @Test("refuses exp, nbf or iat that are not integers", arguments: ["exp", "nbf", "iat"])
    func nonIntegerTimes(claim: String) throws {
        let value = F.claims[claim]!.integerValue!
        for replacement: JSONValue in [
            .number(Double(value)), .number(Double(value) + 0.5), .string(String(value)), .null, true,
            [.integer(value)],
        ] {
            expectRejection(try signed { $0[claim] = replacement }, .invalidTimeClaim)
        }
    }

    @Test("errors describe the failed check without echoing the token")
    func secretFreeErrors() throws {
        let token = try signed { $0["iss"] = "https://evil.example/secret-marker" }
        do {
            _ = try F.verifier.verify(token, now: F.now)
            Issue.record("accepted a token from another issuer")
        } catch {
            #expect(error.description == "invalid token: wrong issuer")
            for part in F.parts(token) { #expect(!error.description.contains(part)) }
            #expect(!error.description.contains("secret-marker"))
        }
    }
}
