/// The public keys that verify the service's own tokens, by `kid`.
///
/// Read from the private JWK Set with the refusals of ``PublishedKeySet`` and each public key built
/// from its `x`/`y` (which must be a point of the curve), for a process that verifies tokens and
/// signs none (`verify`); or taken from a ``JWKSet`` whose private halves were built and checked.
public struct VerificationKeySet: Sendable {
    /// The keys in the order they are listed.
    public let keys: [VerificationKey]

    /// A key set of `keys`, which must have distinct `kid`s.
    public init(keys: [VerificationKey]) throws(KeySetError) {
        try JWKSet.checkDistinctKeyIDs(keys.map(\.kid))
        self.keys = keys
    }

    /// A key set of keys taken from a set whose `kid`s were checked distinct (a subset, or the
    /// public halves of a ``JWKSet``): no second check on every request that verifies a token.
    init(distinct keys: [VerificationKey]) {
        self.keys = keys
    }

    /// Reads a private JWK Set, `{"keys":[…]}`, building the public key of each entry.
    public init(privateJWKSetJSON: String) throws(KeySetError) {
        var keys: [VerificationKey] = []
        try JWKSet.forEachKey(ofPrivateJWKSetJSON: privateJWKSetJSON) { (object, index) throws(KeySetError) in
            keys.append(try JWK.verificationKey(ofPrivate: object, keyIndex: index))
        }
        try self.init(keys: keys)
    }

    /// The key that verifies tokens whose `kid` is `kid`; nil when none is listed.
    public func verificationKey(kid: String) -> VerificationKey? {
        keys.first { $0.kid == kid }
    }
}
