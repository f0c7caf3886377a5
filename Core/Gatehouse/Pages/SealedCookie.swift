internal import Crypto

/// A short text kept in a browser cookie sealed with AES-256-GCM under a key derived from the
/// server secret, bound (associated data) to another value of that browser, so it opens in no
/// other browser and is never readable on the way: the pending sign-in's number, the console's
/// once-shown secret.
enum SealedCookie {
    /// The sealed text: base64url of the AES-GCM combined box.
    static func seal(_ plain: String, key: SymmetricKey, binding: String) throws -> String {
        let box = try AES.GCM.seal(Array(plain.utf8), using: key, authenticating: Array(binding.utf8))
        guard let combined = box.combined else { throw GatehouseError.internal }
        return Base64URL.encode(combined)
    }

    /// The plain text of a sealed text; nil when it is longer than `maximumLength` or does not open
    /// under this key and binding.
    static func open(_ text: String, key: SymmetricKey, binding: String, maximumLength: Int = 512) -> String? {
        guard text.utf8.count <= maximumLength, let bytes = Base64URL.decode(text),
            let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Array(binding.utf8))
        else { return nil }
        return String(validating: plain, as: UTF8.self)
    }
}
