/// The public halves of the service's signing keys, for the JWKS document.
///
/// Read from the same private JWK Set as ``JWKSet``, with the same refusals but one: each `d` is
/// checked in form and not against its `x`/`y` (``JWKSet/init(privateJWKSetJSON:)`` makes that
/// check in every process that signs). A process that only publishes keys (`jwks`) builds no key.
public struct PublishedKeySet: Sendable {
    /// The keys in the order they are listed.
    public let keys: [PublishedKey]

    /// Reads a private JWK Set, `{"keys":[…]}`, keeping the public halves.
    public init(privateJWKSetJSON: String) throws(KeySetError) {
        var keys: [PublishedKey] = []
        try JWKSet.forEachKey(ofPrivateJWKSetJSON: privateJWKSetJSON) { (object, index) throws(KeySetError) in
            keys.append(try JWK.publishedKey(from: object, keyIndex: index))
        }
        try JWKSet.checkDistinctKeyIDs(keys.map(\.kid))
        self.keys = keys
    }

    /// The public halves of `signingKeys`.
    public init(publishing signingKeys: JWKSet) {
        keys = signingKeys.keys.map { PublishedKey(of: $0.verificationKey) }
    }

    /// The public JWKs of `verificationKeys`.
    public init(publishing verificationKeys: VerificationKeySet) {
        keys = verificationKeys.keys.map(PublishedKey.init(of:))
    }

    /// The public JWK Set to publish, `{"keys":[…]}`.
    public var document: JSONValue {
        ["keys": .array(keys.map { .object($0.jwk) })]
    }
}
