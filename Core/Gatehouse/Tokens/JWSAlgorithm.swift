/// A JWS signature algorithm Gatehouse signs and verifies with (RFC 7518 §3.4, RFC 8037 §3.1).
///
/// Each key has exactly one algorithm; a token's `alg` header must name it, and never chooses it.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on P-256 with SHA-256, signatures as the 64-byte `r || s` (the JWS default for access tokens).
    case es256 = "ES256"
    /// Ed25519 signatures.
    case edDSA = "EdDSA"
}
