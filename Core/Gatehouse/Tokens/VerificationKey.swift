public import Crypto

/// The public half of a signing key: checks signatures made with its algorithm and nothing else.
public struct VerificationKey: Sendable {
    /// The public key material, by curve.
    public enum PublicKey: Sendable {
        /// A P-256 key for ES256.
        case p256(P256.Signing.PublicKey)
        /// An Ed25519 key for EdDSA.
        case ed25519(Curve25519.Signing.PublicKey)
    }

    /// The key identifier that tokens name in their `kid` header.
    public let kid: String
    /// The public key material.
    public let publicKey: PublicKey

    /// A verification key for `publicKey`, named `kid`.
    public init(kid: String, publicKey: PublicKey) {
        self.kid = kid
        self.publicKey = publicKey
    }

    /// A verification key from a public JWK (`EC` P-256 or `OKP` Ed25519).
    ///
    /// Every member is checked as for a private key set, and a JWK that carries `d` is refused.
    public init(publicJWK: JSONObject) throws(KeySetError) {
        self = try JWK.verificationKey(from: publicJWK, keyIndex: nil)
    }

    /// The one algorithm this key verifies.
    public var algorithm: JWSAlgorithm {
        switch publicKey {
        case .p256: .es256
        case .ed25519: .edDSA
        }
    }

    /// Whether `signature` is a valid signature of `message` under this key.
    ///
    /// ES256 signatures must be the 64-byte `r || s` form JWS uses (RFC 7518 §3.4), with a low s
    /// (a high-s signature is malleable and refused, SPEC §5), and EdDSA signatures 64 bytes; any
    /// other length is invalid rather than reinterpreted.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        switch publicKey {
        case .p256(let key):
            guard !ECDSALowS.isHighS(signature),
                let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: message)
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        }
    }

    /// The public JWK: `kty`, `crv`, `x` (and `y` for P-256), `kid`, `alg` and `use`.
    public func publicJWK() -> JSONObject {
        var members = JWK.publicMembers(of: publicKey)
        members.append(("kid", .string(kid)))
        members.append(("alg", .string(algorithm.rawValue)))
        members.append(("use", "sig"))
        return JSONObject(uniqueMembers: members)
    }

    /// The RFC 7638 JWK thumbprint: base64url SHA-256 of the required members in lexical order.
    public var thumbprint: String {
        JWK.thumbprint(of: publicKey)
    }
}
