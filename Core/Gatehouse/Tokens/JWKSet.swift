/// The service's signing keys, read once from a private JWK Set.
///
/// Several keys allow rotation: tokens are signed with the newest active key and verified with any
/// listed key, including keys published ahead of their activation time.
public struct JWKSet: Sendable {
    /// The keys in the order they are listed.
    public let keys: [SigningKey]

    /// A key set of `keys`, which must have distinct `kid`s.
    public init(keys: [SigningKey]) throws(KeySetError) {
        try Self.checkDistinctKeyIDs(keys.map(\.kid))
        self.keys = keys
    }

    /// A key set of keys taken from a set whose `kid`s were checked distinct (a subset): no second
    /// check on every request that signs.
    init(distinct keys: [SigningKey]) {
        self.keys = keys
    }

    /// Refuses a repeated `kid`, naming the position of its second use.
    static func checkDistinctKeyIDs(_ kids: [String]) throws(KeySetError) {
        for (index, kid) in kids.enumerated() where kids[..<index].contains(kid) {
            throw KeySetError(.duplicateKeyID, keyIndex: index, member: "kid")
        }
    }

    /// Reads a private JWK Set, `{"keys":[…]}`, of EC P-256 and OKP Ed25519 keys that each carry `d`.
    ///
    /// Refuses anything not exactly right: strict JSON, a `keys` array that is the only top-level
    /// member and is not empty, a recognised `kty` and `crv`, base64url members of the right length,
    /// a non-empty `kid` unique in the set, `alg`/`use`/`key_ops` (when present) consistent with a
    /// signing key of that type, an integer `nbf`, no unrecognised members, and a `d` that is the
    /// private half of `x`/`y`.
    public init(privateJWKSetJSON: String) throws(KeySetError) {
        var keys: [SigningKey] = []
        try Self.forEachKey(ofPrivateJWKSetJSON: privateJWKSetJSON) { (object, index) throws(KeySetError) in
            keys.append(try JWK.signingKey(from: object, keyIndex: index))
        }
        try self.init(keys: keys)
    }

    /// Calls `body` with each JWK of a key set's text and its position, after refusing text that is
    /// not strict JSON, not an object whose only member is a non-empty `keys` array, or whose keys
    /// are not all objects.
    static func forEachKey(
        ofPrivateJWKSetJSON text: String, _ body: (JSONObject, Int) throws(KeySetError) -> Void
    ) throws(KeySetError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw KeySetError(.notJSON)
        }
        guard case .object(let set) = document, set.names == ["keys"], case .array(let elements)? = set["keys"]
        else { throw KeySetError(.notAKeySet) }
        guard !elements.isEmpty else { throw KeySetError(.noKeys) }
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else { throw KeySetError(.keyNotAnObject, keyIndex: index) }
            try body(object, index)
        }
    }

    /// The key to sign with at `now`: among keys active then (no `notBefore`, or `notBefore ≤ now`)
    /// and of `algorithm` when one is given, the one with the latest `notBefore` (absent counts as 0),
    /// the one listed last on a tie; nil when none qualifies.
    public func signingKey(at now: Int64, algorithm: JWSAlgorithm? = nil) -> SigningKey? {
        var chosen: SigningKey? = nil
        for key in keys {
            let activation = key.notBefore ?? 0
            guard activation <= now, algorithm == nil || key.algorithm == algorithm else { continue }
            if let current = chosen, activation < current.notBefore ?? 0 { continue }
            chosen = key
        }
        return chosen
    }

    /// The key that verifies tokens whose `kid` is `kid`, active or not; nil when none is listed.
    public func verificationKey(kid: String) -> VerificationKey? {
        keys.first { $0.kid == kid }?.verificationKey
    }

    /// The public halves, as a set of verification keys.
    public var verificationKeys: VerificationKeySet {
        VerificationKeySet(distinct: keys.map(\.verificationKey))
    }

    /// The public JWK Set to publish, `{"keys":[…]}`: public members only, never `d` or `nbf`.
    public func publicJWKS() -> JSONValue {
        PublishedKeySet(publishing: self).document
    }

    /// The private JWK Set as compact JSON text that ``init(privateJWKSetJSON:)`` reads back.
    ///
    /// This holds every secret key; it belongs in the key set configuration and nowhere else.
    public func privateJWKSetJSON() -> String {
        let set: JSONValue = ["keys": .array(keys.map { .object($0.privateJWK()) })]
        return set.jsonText
    }
}
