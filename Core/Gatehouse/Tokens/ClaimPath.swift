/// Where a claim is in a token's payload: a top-level member name taken literally (Auth0's
/// namespaced `https://example.com/tenant` included), or a path into nested objects
/// (`["realm_access", "roles"]`).
public struct ClaimPath: Sendable, Equatable, CustomStringConvertible {
    /// The member names, outermost first; never empty.
    public let names: [String]

    /// A path of one or more non-empty member names; nil otherwise.
    public init?(_ names: [String]) {
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.names = names
    }

    /// The path a configuration value names: a string (one member) or an array of strings.
    init?(configuration value: JSONValue) {
        switch value {
        case .string(let name): self.init([name])
        case .array(let elements):
            let names = elements.compactMap(\.stringValue)
            guard names.count == elements.count else { return nil }
            self.init(names)
        default: return nil
        }
    }

    /// `aud`.
    public static let audience = ClaimPath(["aud"])!

    /// The claim's value in `claims`, if every step exists and is an object.
    public func value(in claims: JSONObject) -> JSONValue? {
        var current: JSONValue = .object(claims)
        for name in names {
            guard let next = current.objectValue?[name] else { return nil }
            current = next
        }
        return current
    }

    /// The names joined with dots, for messages.
    public var description: String { names.joined(separator: ".") }
}
