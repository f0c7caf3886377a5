internal import Crypto

/// The keys of the authorization pages, each derived from the server secret for one purpose
/// (HKDF-SHA256): the MAC of CSRF tokens, the AES-GCM key sealing the pending sign-in, and the one
/// sealing the console's once-shown secret. The console's pages use the same keys.
///
/// The secret is extracted once; each purpose's key is expanded when it is asked for (one HMAC),
/// so a page that only needs the CSRF key pays for that one.
struct OAuthPageKeys: Sendable {
    /// HKDF-Extract of the server secret with this struct's salt.
    private let pseudoRandomKey: SymmetricKey

    /// The MAC key of CSRF tokens.
    var csrf: SymmetricKey { key("csrf") }
    /// The AES-GCM key sealing the pending sign-in.
    var seal: SymmetricKey { key("pending sign-in") }
    /// The AES-GCM key sealing the console's once-shown secret.
    var reveal: SymmetricKey { key("console reveal") }

    /// The keys for a server secret.
    init(serverSecret: [UInt8]) {
        pseudoRandomKey = HKDFSHA256.extract(secret: serverSecret, salt: Array("gatehouse oauth pages v1".utf8))
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

    private func key(_ purpose: String) -> SymmetricKey {
        SymmetricKey(data: HKDFSHA256.expand(pseudoRandomKey: pseudoRandomKey, info: Array(purpose.utf8)))
    }
}
