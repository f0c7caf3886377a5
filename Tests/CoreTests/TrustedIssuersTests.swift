import Testing

@testable import GatehouseCore

@Suite("trusted issuers: the configuration document, the mapping, the fetch rules")
struct TrustedIssuersTests {
    static let secret = String(repeating: "s", count: 32)

    static func document(_ issuer: JSONObject) -> String {
        JSONValue.object(["issuers": [.object(issuer)]]).jsonText
    }

    static let minimal: JSONObject = [
        "issuer": "https://idp.test/", "audiences": ["api"], "hs256_secret": .string(secret),
        "algorithms": ["HS256"], "tenant": ["value": "acme"], "role": ["value": "viewer"],
    ]

    static func with(_ changes: JSONObject) -> String {
        var issuer = minimal
        for name in changes.names { issuer[name] = changes[name] == .null ? nil : changes[name] }
        return document(issuer)
    }

    @Test("a minimal HS256 issuer and a jwks_uri issuer are read")
    func reads() throws {
        let issuers = try TrustedIssuers.parse(Self.document(Self.minimal), source: "V", mode: .production)
        let issuer = try #require(issuers["https://idp.test/"])
        #expect(issuer.algorithms == [.hs256] && issuer.sharedSecret != nil && issuer.keySource == nil)
        #expect(issuer.mapping.subject == ClaimPath(["sub"]) && issuer.audienceClaim == .audience)
        let url = try TrustedIssuers.parse(
            Self.with([
                "hs256_secret": .null, "algorithms": ["RS256", "ES256"], "jwks_uri": "https://idp.test/.well-known/jwks.json",
            ]), source: "V", mode: .production)
        guard case .url(let text)? = url["https://idp.test/"]?.keySource else {
            Issue.record("no URL key source")
            return
        }
        #expect(text == "https://idp.test/.well-known/jwks.json")
    }

    @Test(
        "an invalid document is a start-up error naming the variable and the issuer",
        arguments: [
            ("not JSON", "{", "is not a JSON object"),
            ("no issuers", #"{"issuers":[]}"#, "at least one issuer"),
            ("unknown member", with(["colour": "red"]), #"issuer 1 has an unrecognised member "colour""#),
            ("no audiences", with(["audiences": .null]), "audiences"),
            ("alg none", with(["algorithms": ["none"]]), "algorithm that is not"),
            ("HS256 without a secret", with(["hs256_secret": .null]), "HS256"),
            ("short secret", with(["hs256_secret": "short"]), "shorter than 32 bytes"),
            ("secret without HS256", with(["algorithms": ["RS256"], "jwks_uri": "https://idp.test/k"]), "HS256"),
            ("http jwks_uri", with(["algorithms": ["HS256", "RS256"], "jwks_uri": "http://idp.test/k"]), "not https"),
            ("two key sources", with(["jwks_uri": "https://a/k", "jwks_file": "/x", "algorithms": ["HS256", "RS256"]]),
             "more than one"),
            ("empty inline JWKS", with(["jwks": ["keys": []], "algorithms": ["HS256", "RS256"]]), "no usable key"),
            ("bad tenant", with(["tenant": ["value": "Not A Tenant"]]), "tenant"),
            ("bad role", with(["role": ["value": "superuser"]]), "role"),
            ("role map missing", with(["role": ["claim": "role"]]), "role"),
            ("missing jwks_file", with(["jwks_file": "/nonexistent/jwks.json", "algorithms": ["HS256", "RS256"]]),
             "jwks_file"),
        ])
    func invalid(name: String, text: String, expected: String) throws {
        do {
            _ = try TrustedIssuers.parse(text, source: "GATEHOUSE_TRUSTED_ISSUERS", mode: .production)
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.variable == "GATEHOUSE_TRUSTED_ISSUERS", "\(name)")
            #expect(error.problem.contains(expected), "\(name): \(error.problem)")
            #expect(!error.description.contains(Self.secret), "\(name)")
        }
    }

    @Test("Configuration reads GATEHOUSE_TRUSTED_ISSUERS (or _FILE) and names the variable when it is wrong")
    func configuration() throws {
        let keys = try JWKSet(keys: [SigningKey.generate(.es256)]).privateJWKSetJSON()
        let base = ["GATEHOUSE_SIGNING_KEYS": keys]
        #expect(try Configuration(environment: base).trustedIssuers.isEmpty)
        let configured = try Configuration(
            environment: base.merging(["GATEHOUSE_TRUSTED_ISSUERS": Self.document(Self.minimal)]) { $1 })
        #expect(configured.trustedIssuers["https://idp.test/"] != nil)
        #expect(throws: ConfigurationError("GATEHOUSE_TRUSTED_ISSUERS", "is not a JSON object")) {
            try Configuration(environment: base.merging(["GATEHOUSE_TRUSTED_ISSUERS": "[]"]) { $1 })
        }
        #expect(throws: ConfigurationError("GATEHOUSE_TRUSTED_ISSUERS_FILE", "cannot read the file it names")) {
            try Configuration(environment: base.merging(["GATEHOUSE_TRUSTED_ISSUERS_FILE": "/nonexistent"]) { $1 })
        }
        #expect(throws: ConfigurationError("GATEHOUSE_TOKEN_ALG", "must be ES256, EdDSA or RS256")) {
            try Configuration(environment: base.merging(["GATEHOUSE_TOKEN_ALG": "HS256"]) { $1 })
        }
        #expect(
            throws: ConfigurationError(
                "GATEHOUSE_SIGNING_KEYS",
                "holds no RS256 key for access tokens (GATEHOUSE_TOKEN_ALG; the proof key does not count)")
        ) {
            try Configuration(environment: base.merging(["GATEHOUSE_TOKEN_ALG": "RS256"]) { $1 })
        }
    }

    @Test("functions that authenticate read GATEHOUSE_TRUSTED_ISSUERS; jwks and signin, which do not, ignore it")
    func perFunction() throws {
        let keys = try JWKSet(keys: [SigningKey.generate(.es256)]).privateJWKSetJSON()
        let secret = String(repeating: "x", count: 40)
        let good = [
            "GATEHOUSE_SIGNING_KEYS": keys, "GATEHOUSE_SERVER_SECRET": secret,
            "GATEHOUSE_TRUSTED_ISSUERS": Self.document(Self.minimal),
            // oauth signs users in on its pages, so it needs an OTP sender too.
            "GATEHOUSE_MODE": "test", "GATEHOUSE_OTP_SENDER": "log",
        ]
        for function in [FunctionName.verify, .keys, .oauth] {
            #expect(try Configuration(environment: good, function: function).trustedIssuers["https://idp.test/"] != nil)
        }
        let bad = ["GATEHOUSE_SIGNING_KEYS": keys, "GATEHOUSE_SERVER_SECRET": secret, "GATEHOUSE_TRUSTED_ISSUERS": "{"]
        #expect(throws: ConfigurationError("GATEHOUSE_TRUSTED_ISSUERS", "is not a JSON object")) {
            try Configuration(environment: bad, function: .verify)
        }
        for function in [FunctionName.jwks, .signin] {
            #expect(try Configuration(environment: bad, function: function).trustedIssuers.isEmpty)
        }
    }

    @Test("the mapping: fixed or claimed tenant, subject claim, role map with the highest match, required claims")
    func mapping() throws {
        let mapping = IssuerMapping(
            tenant: .claim(ClaimPath(["app_metadata", "tenant"])!), subject: ClaimPath(["sub"])!,
            role: .claim(ClaimPath(["groups"])!, map: ["staff": .editor, "leads": .admin], fallback: nil),
            requiredClaims: [(ClaimPath(["email_verified"])!, true), (ClaimPath(["amr"])!, "mfa")])
        let claims: JSONObject = [
            "sub": "auth0|42", "app_metadata": ["tenant": "acme"], "groups": ["staff", "leads", "other"],
            "email_verified": true, "amr": ["pwd", "mfa"],
        ]
        let principal = try mapping.principal(claims: claims)
        #expect(principal.tenantID == "acme" && principal.subject == "auth0|42")
        #expect(principal.credentialType == .externalJWT && principal.effectiveScopes == Role.admin.defaultScopes)
        for (member, value) in [
            ("email_verified", JSONValue.bool(false)), ("amr", ["pwd"]), ("groups", ["other"]),
            ("sub", "has space"), ("sub", "{slot}"), ("app_metadata", ["tenant": "_platform"]),
        ] {
            var changed = claims
            changed[member] = value
            #expect(throws: GatehouseError.self, "\(member)") { try mapping.principal(claims: changed) }
        }
    }

    @Test("Cache-Control gives the JWKS lifetime: max-age, s-maxage, no-store, bounded to 60 s … 1 day")
    func lifetime() {
        #expect(JWKSFetcher.lifetime(cacheControl: nil) == 600)
        #expect(JWKSFetcher.lifetime(cacheControl: "public, max-age=3600") == 3600)
        #expect(JWKSFetcher.lifetime(cacheControl: "max-age=3600, s-maxage=7200") == 7200)
        #expect(JWKSFetcher.lifetime(cacheControl: "max-age=5") == 60)
        #expect(JWKSFetcher.lifetime(cacheControl: "max-age=9999999") == 86_400)
        #expect(JWKSFetcher.lifetime(cacheControl: "no-store") == 60)
        #expect(JWKSFetcher.lifetime(cacheControl: "max-age=abc") == 600)
    }

    @Test("only public unicast addresses may be fetched from")
    func publicAddresses() {
        func bytes(_ text: String) -> [UInt8] { IPAddressRange.parseAddress(text)! }
        for address in ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"] {
            #expect(PublicAddress.isPublic(bytes(address)), "\(address)")
        }
        for address in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "::",
        ] {
            #expect(!PublicAddress.isPublic(bytes(address)), "\(address)")
        }
        #expect(PublicAddress.isLoopback(bytes("127.0.0.1")) && PublicAddress.isLoopback(bytes("::1")))
        #expect(!PublicAddress.isLoopback(bytes("10.0.0.1")))
    }

    @Test("the URL rule: https everywhere; http only to loopback hosts, and only in local and test mode")
    func urlRule() {
        #expect(JWKSFetcher.problem(with: "https://idp.test/jwks", mode: .production) == nil)
        #expect(JWKSFetcher.problem(with: "http://127.0.0.1:8080/jwks", mode: .production) != nil)
        #expect(JWKSFetcher.problem(with: "http://127.0.0.1:8080/jwks", mode: .local) == nil)
        #expect(JWKSFetcher.problem(with: "http://localhost/jwks", mode: .test) == nil)
        #expect(JWKSFetcher.problem(with: "http://idp.test/jwks", mode: .local) != nil)
        #expect(JWKSFetcher.problem(with: "https://user@idp.test/jwks", mode: .production) != nil)
        #expect(JWKSFetcher.problem(with: "ftp://idp.test/jwks", mode: .local) != nil)
    }
}

@Suite("external ES256 keys and the s of their signatures")
struct ExternalHighSTests {
    @Test("an external issuer's ES256 key accepts a high-s signature (its signer does not normalise); Gatehouse's own keys refuse it")
    func highS() throws {
        let signer = SigningKey.generate(.es256)
        let message = Array("header.payload".utf8)
        let low = try signer.sign(message)  // Gatehouse signs low-s
        #expect(!ECDSALowS.isHighS(low))
        // n − s: the same signature with a high s, as OpenSSL or WebCrypto may produce.
        var high = low
        var borrow = 0
        for index in (0..<32).reversed() {
            let difference = Int(ECDSALowS.order[index]) - Int(low[32 + index]) - borrow
            borrow = difference < 0 ? 1 : 0
            high[32 + index] = UInt8(difference & 0xFF)
        }
        #expect(ECDSALowS.isHighS(high))
        #expect(!signer.verificationKey.isValidSignature(high, for: message))
        let set: JSONValue = ["keys": [.object(signer.publicJWK())]]
        let external = try #require(ExternalKeySet.keys(in: set, algorithms: [.es256]).first)
        #expect(external.isValidSignature(high, for: message) && external.isValidSignature(low, for: message))
    }
}
