/// Reads the members of one JWK, naming the key's position and the standard member name in every
/// error (never a value or a name taken from the input).
struct JWKMemberReader {
    /// The JWK.
    let object: JSONObject
    /// Its position in the key set, when it is in one.
    let keyIndex: Int?

    /// An error about this key, optionally naming a standard member.
    func failure(_ reason: KeySetError.Reason, _ member: String? = nil) -> KeySetError {
        KeySetError(reason, keyIndex: keyIndex, member: member)
    }

    /// A string member; nil when absent, an error when present with another type.
    func string(_ name: String) throws(KeySetError) -> String? {
        guard let value = object[name] else { return nil }
        guard case .string(let text) = value else { throw failure(.invalidMember, name) }
        return text
    }
}
