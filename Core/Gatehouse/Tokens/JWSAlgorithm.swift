/// A JWS signature algorithm Gatehouse signs and verifies with (RFC 7518 §3, RFC 8037 §3.1).
///
/// Each key has exactly one algorithm; a token's `alg` header must name it, and never chooses it.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on P-256 with SHA-256, signatures as the 64-byte `r || s` (the JWS default for access tokens).
    case es256 = "ES256"
    /// Ed25519 signatures.
    case edDSA = "EdDSA"
    /// RSASSA-PKCS1-v1_5 with SHA-256, keys of 2048 bits or more (what AWS API Gateway's JWT
    /// authorizer accepts).
    case rs256 = "RS256"
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    case ps256 = "PS256"
    /// HMAC-SHA-256 with a shared secret: only for external issuers configured with one (legacy
    /// Supabase projects), never for Gatehouse's own tokens.
    case hs256 = "HS256"
}
