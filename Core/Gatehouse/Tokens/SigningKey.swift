public import Crypto
public import _CryptoExtras

/// A private key that signs tokens, with its identifier and the time it starts signing.
///
/// Its description and reflection show the `kid`, algorithm and activation time only, never the key.
public struct SigningKey: Sendable {
    /// The private key material, by key type.
    public enum PrivateKey: Sendable {
        /// A P-256 key for ES256.
        case p256(P256.Signing.PrivateKey)
        /// An Ed25519 key for EdDSA.
        case ed25519(Curve25519.Signing.PrivateKey)
        /// An RSA key of at least 2048 bits for RS256 or PS256.
        case rsa(_RSA.Signing.PrivateKey)
    }

    /// The key identifier written into each token's `kid` header.
    public let kid: String
    /// The private key material.
    public let privateKey: PrivateKey
    /// When the key starts signing, in seconds since the epoch (the private JWK member `nbf`); nil
    /// means it has always been active. A key may be published in the JWKS before then.
    public let notBefore: Int64?
    /// The public half, which verifies this key's signatures.
    public let verificationKey: VerificationKey

    /// A signing key whose public half `publicKey` the caller has already derived from `privateKey`
    /// and checked against the raw public key `rawPublicKey` of its JWK.
    init(
        kid: String, privateKey: PrivateKey, publicKey: VerificationKey.PublicKey, rawPublicKey: [UInt8],
        notBefore: Int64?
    ) {
        self.kid = kid
        self.privateKey = privateKey
        self.notBefore = notBefore
        verificationKey = VerificationKey(kid: kid, publicKey: publicKey, rawPublicKey: rawPublicKey)
    }

    /// A signing key for `privateKey`, named `kid`, active from `notBefore`, for `algorithm` (by
    /// default the key type's own: ES256, EdDSA, RS256; an RSA key may instead sign PS256).
    public init(kid: String, privateKey: PrivateKey, notBefore: Int64? = nil, algorithm: JWSAlgorithm? = nil) {
        self.kid = kid
        self.privateKey = privateKey
        self.notBefore = notBefore
        let publicKey: VerificationKey.PublicKey =
            switch privateKey {
            case .p256(let key): .p256(key.publicKey)
            case .ed25519(let key): .ed25519(key.publicKey)
            case .rsa(let key): .rsa(key.publicKey)
            }
        verificationKey = VerificationKey(kid: kid, publicKey: publicKey, algorithm: algorithm)
    }

    /// The algorithms a signing key can be generated for: HS256 keys are configured secrets of
    /// external issuers, never Gatehouse signing keys.
    public static let generatableAlgorithms: [JWSAlgorithm] = [.es256, .edDSA, .rs256, .ps256]

    /// A new random key for `algorithm` (one of ``generatableAlgorithms``; RSA keys are 2048 bits),
    /// named by its RFC 7638 JWK thumbprint.
    public static func generate(_ algorithm: JWSAlgorithm, notBefore: Int64? = nil) -> SigningKey {
        let privateKey: PrivateKey
        switch algorithm {
        case .es256: privateKey = .p256(P256.Signing.PrivateKey())
        case .edDSA: privateKey = .ed25519(Curve25519.Signing.PrivateKey())
        // BoringSSL fails to generate a 2048-bit key only when it cannot allocate memory.
        case .rs256, .ps256: privateKey = .rsa(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
        case .hs256: preconditionFailure("HS256 keys are configured secrets, not generated signing keys")
        }
        let unnamed = SigningKey(kid: "", privateKey: privateKey, algorithm: algorithm)
        return SigningKey(
            kid: unnamed.verificationKey.thumbprint, privateKey: privateKey, notBefore: notBefore, algorithm: algorithm)
    }

    /// The one algorithm this key signs with.
    public var algorithm: JWSAlgorithm { verificationKey.algorithm }

    /// The JWS signature of `signingInput`: 64-byte `r || s` for ES256 (always low-s, SPEC §5), 64
    /// bytes for EdDSA, as long as the modulus for RS256 (PKCS #1 v1.5) and PS256 (PSS, 32-byte salt).
    public func sign(_ signingInput: [UInt8]) throws -> [UInt8] {
        switch privateKey {
        case .p256(let key): ECDSALowS.normalized(Array(try key.signature(for: signingInput).rawRepresentation))
        case .ed25519(let key): Array(try key.signature(for: signingInput))
        case .rsa(let key):
            Array(
                try key.signature(
                    for: SHA256.hash(data: signingInput), padding: algorithm == .ps256 ? .PSS : .insecurePKCS1v1_5
                ).rawRepresentation)
        }
    }

    /// The private JWK: the public members, the private ones (`d`; for RSA also `p`, `q`, `dp`,
    /// `dq`, `qi`), `kid`, `alg`, `use`, and `nbf` when set.
    ///
    /// This holds the secret key; it belongs in the key set configuration and nowhere else.
    public func privateJWK() -> JSONObject {
        var members = JWK.publicMembers(of: verificationKey.publicKey)
        members += JWK.privateMembers(of: privateKey)
        members.append(("kid", .string(kid)))
        members.append(("alg", .string(algorithm.rawValue)))
        members.append(("use", "sig"))
        if let notBefore { members.append(("nbf", .integer(notBefore))) }
        return JSONObject(uniqueMembers: members)
    }

    /// The public JWK, as published in the JWKS; never contains a private member or `nbf`.
    public func publicJWK() -> JSONObject {
        verificationKey.publicJWK()
    }
}

extension SigningKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `kid`, algorithm and activation time; never the private key.
    public var description: String {
        "SigningKey(kid: \(kid), alg: \(algorithm.rawValue), nbf: \(notBefore.map(String.init) ?? "none"))"
    }

    /// The same as ``description``: debug output must not reveal the key either.
    public var debugDescription: String { description }

    /// A mirror without the private key, so `dump` and debuggers do not show it.
    public var customMirror: Mirror {
        Mirror(self, children: ["kid": kid, "algorithm": algorithm, "notBefore": notBefore as Any])
    }
}
