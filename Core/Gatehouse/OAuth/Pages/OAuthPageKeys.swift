internal import Crypto

/// The keys of the authorization pages, each derived from the server secret for one purpose
/// (HKDF-SHA256): the MAC of CSRF tokens, and the AES-GCM key sealing the pending sign-in.
struct OAuthPageKeys: Sendable {
    let csrf: SymmetricKey
    let seal: SymmetricKey

    /// The keys for a server secret.
    init(serverSecret: [UInt8]) {
        csrf = Self.derive(serverSecret, "csrf")
        seal = Self.derive(serverSecret, "pending sign-in")
    }

    private static func derive(_ secret: [UInt8], _ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: Array("gatehouse oauth pages v1".utf8),
            info: Array(purpose.utf8), outputByteCount: 32)
    }
}
