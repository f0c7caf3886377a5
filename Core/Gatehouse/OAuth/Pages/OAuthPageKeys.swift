internal import Crypto

/// The keys of the authorization pages, each derived from the server secret for one purpose
/// (HKDF-SHA256): the MAC of CSRF tokens, the AES-GCM key sealing the pending sign-in, and the one
/// sealing the console's once-shown secret. The console's pages use the same keys.
struct OAuthPageKeys: Sendable {
    let csrf: SymmetricKey
    let seal: SymmetricKey
    let reveal: SymmetricKey

    /// The keys for a server secret.
    init(serverSecret: [UInt8]) {
        csrf = Self.derive(serverSecret, "csrf")
        seal = Self.derive(serverSecret, "pending sign-in")
        reveal = Self.derive(serverSecret, "console reveal")
    }

    /// The keys of this process's server secret; 500 without one (the page's function is then
    /// misconfigured).
    init(_ context: HandlerContext) throws {
        guard let secret = context.configuration.serverSecret else {
            context.logger.critical("HTML pages need GATEHOUSE_SERVER_SECRET")
            throw GatehouseError.internal
        }
        self.init(serverSecret: secret)
    }

    private static func derive(_ secret: [UInt8], _ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: Array("gatehouse oauth pages v1".utf8),
            info: Array(purpose.utf8), outputByteCount: 32)
    }
}
