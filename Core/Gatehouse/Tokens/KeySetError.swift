/// Why a JWK or JWK Set was refused.
///
/// The description names the key by its position and the member by its standard name; it never
/// contains key material, a `kid`, or any name or value taken from the input.
public struct KeySetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the key set.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case notJSON, notAKeySet, noKeys, keyNotAnObject, unsupportedKeyType, unsupportedCurve, missingMember
            case invalidMember, unknownMember, notASigningKey, privateKeyMismatch, unexpectedPrivateKey
            case duplicateKeyID, keyTooSmall, weakKey
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The text is not strict JSON.
        public static let notJSON = Reason(.notJSON)
        /// The document is not an object whose only member is a `keys` array.
        public static let notAKeySet = Reason(.notAKeySet)
        /// The `keys` array is empty.
        public static let noKeys = Reason(.noKeys)
        /// An element of `keys` is not an object.
        public static let keyNotAnObject = Reason(.keyNotAnObject)
        /// An RSA modulus outside 2048…8192 bits.
        public static let keyTooSmall = Reason(.keyTooSmall)
        /// An RSA key that must not be trusted: an even modulus or one with the ROCA fingerprint
        /// (CVE-2017-15361), or a public exponent that is even, below 3 or over 32 bits.
        public static let weakKey = Reason(.weakKey)
        /// `kty` is not `EC`, `OKP` or `RSA`.
        public static let unsupportedKeyType = Reason(.unsupportedKeyType)
        /// `crv` is not `P-256` (for `EC`) or `Ed25519` (for `OKP`).
        public static let unsupportedCurve = Reason(.unsupportedCurve)
        /// A required member is absent.
        public static let missingMember = Reason(.missingMember)
        /// A member has the wrong type, encoding, length or value.
        public static let invalidMember = Reason(.invalidMember)
        /// A member Gatehouse does not recognise for this key type.
        public static let unknownMember = Reason(.unknownMember)
        /// `use` or `key_ops` says the key is not for signatures.
        public static let notASigningKey = Reason(.notASigningKey)
        /// The private key `d` does not belong to the public key `x`/`y`, or is not a valid scalar.
        public static let privateKeyMismatch = Reason(.privateKeyMismatch)
        /// A public JWK carries the private member `d`.
        public static let unexpectedPrivateKey = Reason(.unexpectedPrivateKey)
        /// Two keys share a `kid`.
        public static let duplicateKeyID = Reason(.duplicateKeyID)

        /// A short name for the problem, safe for logs.
        public var description: String {
            switch code {
            case .notJSON: "not valid JSON"
            case .notAKeySet: "not a JWK Set"
            case .noKeys: "no keys"
            case .keyNotAnObject: "key is not a JSON object"
            case .unsupportedKeyType: "unsupported kty"
            case .unsupportedCurve: "unsupported crv"
            case .missingMember: "missing member"
            case .invalidMember: "invalid member"
            case .unknownMember: "unrecognised member"
            case .notASigningKey: "key is not for signing"
            case .privateKeyMismatch: "private key does not match the public key"
            case .unexpectedPrivateKey: "public key carries a private member"
            case .duplicateKeyID: "duplicate kid"
            case .keyTooSmall: "RSA modulus not within 2048 to 8192 bits"
            case .weakKey: "weak RSA key"
            }
        }
    }

    /// What is wrong.
    public let reason: Reason
    /// The zero-based position of the offending key in `keys`, when one key is at fault.
    public let keyIndex: Int?
    /// The standard name of the offending member (such as `x` or `nbf`), when one member is at fault.
    public let member: String?

    /// An error for `reason`, optionally pointing at a key position and a standard member name.
    public init(_ reason: Reason, keyIndex: Int? = nil, member: String? = nil) {
        self.reason = reason
        self.keyIndex = keyIndex
        self.member = member
    }

    /// The problem, the standard member name and the key position; never key material.
    public var description: String {
        var text = "invalid key set: \(reason)"
        if let member { text += " \"\(member)\"" }
        if let keyIndex { text += " in key \(keyIndex)" }
        return text
    }
}
