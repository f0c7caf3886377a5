import GatehouseCore
import Testing

@Suite("Per-function configuration")
struct FunctionConfigurationTests {
    static let keys = ConfigurationTests.keys
    static let secret = String(repeating: "s", count: 32)

    @Test("jwks starts with only its signing keys' public halves; an invalid OTP sender does not concern it")
    func jwksReadsOnlyItsSettings() throws {
        let configuration = try Configuration(
            environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_OTP_SENDER": "bogus",
                          "GATEHOUSE_REDIS_URL": "nonsense://"], function: .jwks)
        #expect(configuration.signingKeys == nil, "jwks built the private keys it never signs with")
        let published = try #require(configuration.publishedKeys)
        #expect(published.document == (try JWKSet(privateJWKSetJSON: Self.keys)).publicJWKS())
        #expect(!configuration.settings.contains(.otp))
        // The checks that need no key built still hold: the proof key must be an EdDSA key.
        let other = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_PROOF_KEY_ID": "nobody"], function: .jwks)
        }
        #expect(other?.variable == "GATEHOUSE_PROOF_KEY_ID")
        // A process serving jwks and functions that sign builds the keys for all of them.
        let both = try Configuration(
            environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys], functions: [.jwks, .signin])
        #expect(both.signingKeys != nil && both.publishedKeys?.document == published.document)
    }

    @Test("verify builds the public keys alone, and they verify what a signing function issues")
    func verifyReadsPublicKeys() throws {
        let keys = try JWKSet(keys: [
            SigningKey.generate(.es256), SigningKey.generate(.edDSA), SigningKey.generate(.es256, notBefore: 1),
        ])
        let environment = ["GATEHOUSE_SIGNING_KEYS": keys.privateJWKSetJSON(), "GATEHOUSE_PROOF_KEY_ID": keys.keys[1].kid]
        let verify = try Configuration(environment: environment, function: .verify)
        #expect(verify.signingKeys == nil, "verify built the private keys it never signs with")
        let verifying = try #require(verify.accessTokenVerificationKeys)
        #expect(verifying.keys.map(\.kid) == [keys.keys[0].kid, keys.keys[2].kid], "the proof key verifies no access token")
        let signin = try Configuration(environment: environment, function: .signin)
        #expect(signin.accessTokenVerificationKeys?.keys.map(\.kid) == verifying.keys.map(\.kid))
        let claims: JSONObject = [
            "iss": .string(signin.issuer), "aud": .string(signin.audience), "sub": "user_1",
            "exp": .integer(2_000_000_000),
        ]
        let key = try #require(signin.accessTokenKeys?.signingKey(at: 1_900_000_000))
        let token = try JWTSigner.sign(claims: claims, type: "at+jwt", key: key)
        let verifier = JWTVerifier(keys: verifying, issuer: verify.issuer, audience: verify.audience)
        #expect(try verifier.verify(token, now: 1_900_000_000)["sub"] == "user_1")
    }

    @Test("signin ignores the OTP sender but reads Redis")
    func signinIgnoresOTP() throws {
        _ = try Configuration(
            environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_OTP_SENDER": "webhook"], function: .signin)
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_REDIS_URL": "nonsense://"],
                function: .signin)
        }
        #expect(error?.variable == "GATEHOUSE_REDIS_URL")
    }

    @Test("a function refuses to start without a setting it requires, naming it", arguments: [
        (FunctionName.oauth, "GATEHOUSE_SERVER_SECRET"), (.refresh, "GATEHOUSE_SERVER_SECRET"),
        (.keys, "GATEHOUSE_SERVER_SECRET"), (.rotate, "GATEHOUSE_SERVER_SECRET"), (.otp, "GATEHOUSE_SERVER_SECRET"),
    ])
    func requiredSettings(function: FunctionName, variable: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys], function: function)
        }
        #expect(error?.variable == variable)
    }

    @Test("otp requires a sender once the secret is there; every function requires signing keys")
    func senderAndKeys() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_SERVER_SECRET": Self.secret],
                function: .otp)
        }
        #expect(error?.variable == "GATEHOUSE_OTP_SENDER")
        for function in FunctionName.allCases {
            let missing = #expect(throws: ConfigurationError.self) {
                try Configuration(environment: [:], function: function)
            }
            #expect(missing?.variable == "GATEHOUSE_SIGNING_KEYS", "\(function.rawValue)")
        }
    }

    @Test("the server needs what every function needs")
    func serverNeedsEverything() {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_SERVER_SECRET": Self.secret],
                functions: FunctionName.allCases)
        }
        #expect(error?.variable == "GATEHOUSE_OTP_SENDER")
    }
}

@Suite("One purpose per key at start-up")
struct ProofKeyPurposeConfigurationTests {
    static let tokenKey = SigningKey.generate(.edDSA)
    static let proofKey = SigningKey.generate(.edDSA)
    static let keys = try! JWKSet(keys: [tokenKey, proofKey]).privateJWKSetJSON()

    @Test("EdDSA access tokens: proof refuses to start until GATEHOUSE_PROOF_KEY_ID names a key of its own")
    func proofNeedsItsOwnKey() throws {
        let base = ["GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_TOKEN_ALG": "EdDSA"]
        let error = #expect(throws: ConfigurationError.self) { try Configuration(environment: base, function: .proof) }
        #expect(error?.variable == "GATEHOUSE_PROOF_KEY_ID")
        let named = try Configuration(
            environment: base.merging(["GATEHOUSE_PROOF_KEY_ID": Self.proofKey.kid]) { _, new in new }, function: .proof)
        #expect(named.proofKeyID == Self.proofKey.kid)
    }

    @Test("every function leaves the proof key out of its access-token keys")
    func proofKeyNeverVerifiesTokens() throws {
        let environment = [
            "GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_TOKEN_ALG": "EdDSA",
            "GATEHOUSE_PROOF_KEY_ID": Self.proofKey.kid,
        ]
        let verify = try Configuration(environment: environment, function: .verify)
        #expect(verify.accessTokenVerificationKeys?.keys.map(\.kid) == [Self.tokenKey.kid])
        let proof = try Configuration(environment: environment, function: .proof)
        #expect(proof.accessTokenKeys?.keys.map(\.kid) == [Self.tokenKey.kid])
    }

    @Test("a proof key that leaves no access-token key is refused")
    func onlyKeyCannotBeProofKey() {
        let only = SigningKey.generate(.edDSA)
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration(
                environment: [
                    "GATEHOUSE_SIGNING_KEYS": try! JWKSet(keys: [only]).privateJWKSetJSON(),
                    "GATEHOUSE_TOKEN_ALG": "EdDSA", "GATEHOUSE_PROOF_KEY_ID": only.kid,
                ], function: .signin)
        }
        #expect(error?.variable == "GATEHOUSE_SIGNING_KEYS")
    }
}
