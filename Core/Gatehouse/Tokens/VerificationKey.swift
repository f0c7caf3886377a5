public import Crypto
public import _CryptoExtras

/// The public half of a signing key: checks signatures made with its algorithm and nothing else.
///
/// Its description shows the `kid` and algorithm only, never key material (an HS256 key is a secret).
public struct VerificationKey: Sendable {
    /// The public key material, by key type.
    public enum PublicKey: Sendable {
        /// A P-256 key for ES256.
        case p256(P256.Signing.PublicKey)
        /// An Ed25519 key for EdDSA.
        case ed25519(Curve25519.Signing.PublicKey)
        /// An RSA key of 2048 to 8192 bits, for RS256 or PS256 (the key's algorithm says which).
        case rsa(_RSA.Signing.PublicKey)
        /// A shared secret of at least 32 bytes for HS256. Only an external issuer configured with a
        /// secret has one; it never comes from a JWK Set and is never published.
        case sharedSecret(SymmetricKey)
    }

    /// The key identifier that tokens name in their `kid` header.
    public let kid: String
    /// The public key material.
    public let publicKey: PublicKey
    /// The one algorithm this key verifies.
    public let algorithm: JWSAlgorithm
    /// Whether a high-s ES256 signature is accepted: false for Gatehouse's own keys (SPEC §5: our
    /// tokens are always low-s, so a high-s one is a malleated copy); true for an external issuer's
    /// keys, whose libraries (OpenSSL, cryptography, WebCrypto) sign with either s — refusing high-s
    /// there would refuse about half of a Supabase project's valid ES256 tokens.
    public var acceptsHighS = false
    /// The raw public key (`x || y` for P-256, `x` for Ed25519) when it is known already (a key read
    /// from a JWK, checked against its private half): converting the point again costs a cold jwks
    /// process ~0.06 M instructions. Kept as bytes, encoded only when the key is published.
    private var knownRawPublicKey: [UInt8]? = nil

    /// A verification key for `publicKey`, named `kid`, for `algorithm`: by default the key type's
    /// own (ES256, EdDSA, RS256, HS256); an RSA key may instead be for PS256.
    public init(kid: String, publicKey: PublicKey, algorithm: JWSAlgorithm? = nil) {
        let chosen = algorithm ?? Self.defaultAlgorithm(of: publicKey)
        precondition(Self.fits(chosen, publicKey), "\(chosen.rawValue) is not an algorithm of this key type")
        self.kid = kid
        self.publicKey = publicKey
        self.algorithm = chosen
    }

    /// A verification key whose raw public key `rawPublicKey` (from the JWK it was read from) is the
    /// `rawRepresentation` of `publicKey`.
    init(kid: String, publicKey: PublicKey, rawPublicKey: [UInt8]) {
        self.init(kid: kid, publicKey: publicKey)
        knownRawPublicKey = rawPublicKey
    }

    /// A verification key from a public JWK (`EC` P-256, `OKP` Ed25519 or `RSA`).
    ///
    /// Every member is checked as for a private key set, and a JWK that carries `d` is refused.
    public init(publicJWK: JSONObject) throws(KeySetError) {
        self = try JWK.verificationKey(from: publicJWK, keyIndex: nil)
    }

    /// Whether `signature` is a valid signature of `message` under this key.
    ///
    /// ES256 signatures must be the 64-byte `r || s` form JWS uses (RFC 7518 §3.4), with a low s
    /// (a high-s signature is malleable and refused, SPEC §5), EdDSA and HS256 signatures 64 and
    /// 32 bytes, RSA signatures exactly as long as the modulus; any other length is invalid rather
    /// than reinterpreted.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch publicKey {
        case .p256(let key):
            guard signature.count == 64, acceptsHighS || !ECDSALowS.isHighS(signature),
                let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: message)
        case .ed25519(let key):
            return signature.count == 64 && key.isValidSignature(signature, for: message)
        case .rsa(let key):
            guard signature.count == (key.keySizeInBits + 7) / 8 else { return false }
            let padding: _RSA.Signing.Padding = algorithm == .ps256 ? .PSS : .insecurePKCS1v1_5
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: message),
                padding: padding)
        case .sharedSecret(let key):
            return signature.count == 32
                && HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key)
        }
    }

    /// The public JWK: the key type's public members, `kid`, `alg` and `use`. A shared secret has no
    /// public JWK: only `kty` `oct`, with no `k`.
    public func publicJWK() -> JSONObject {
        JWK.publicJWK(JWK.publicMembers(of: publicKey, rawPublicKey: knownRawPublicKey), kid: kid, algorithm: algorithm)
    }

    /// The RFC 7638 JWK thumbprint: base64url SHA-256 of the required members in lexical order.
    public var thumbprint: String {
        JWK.thumbprint(of: publicKey)
    }

    private static func defaultAlgorithm(of key: PublicKey) -> JWSAlgorithm {
        switch key {
        case .p256: .es256
        case .ed25519: .edDSA
        case .rsa: .rs256
        case .sharedSecret: .hs256
        }
    }

    private static func fits(_ algorithm: JWSAlgorithm, _ key: PublicKey) -> Bool {
        switch key {
        case .rsa: algorithm == .rs256 || algorithm == .ps256
        default: algorithm == defaultAlgorithm(of: key)
        }
    }
}

extension VerificationKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `kid` and algorithm; never key material.
    public var description: String { "VerificationKey(kid: \(kid), alg: \(algorithm.rawValue))" }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the key material, so `dump` does not show a shared secret.
    public var customMirror: Mirror { Mirror(self, children: ["kid": kid, "algorithm": algorithm]) }
}
