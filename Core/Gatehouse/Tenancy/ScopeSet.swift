/// A set of scopes, kept minimal (no member covered by another) and sorted.
public struct ScopeSet: Sendable, Equatable, CustomStringConvertible {
    /// The members.
    public let scopes: [Scope]

    /// A set of scopes; redundant members are dropped.
    public init(_ scopes: [Scope]) {
        let unique = Array(Set(scopes))
        self.scopes = unique.filter { scope in
            !unique.contains { $0 != scope && scope.isCovered(by: $0) }
        }.sorted()
    }

    /// A set from scope strings that are known to be valid (literals in code).
    init(_ literals: [String]) {
        self.init(literals.compactMap { Scope($0) })
    }

    /// Parses a space- or comma-separated list; nil if any entry is not a scope.
    public init?(parsing text: String) {
        var parsed: [Scope] = []
        for part in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            guard let scope = Scope(part) else { return nil }
            parsed.append(scope)
        }
        self.init(parsed)
    }

    /// The empty set.
    public static let empty = ScopeSet([Scope]())

    /// Whether a scope is allowed by some member.
    public func allows(_ scope: Scope) -> Bool { scopes.contains { scope.isCovered(by: $0) } }

    /// Whether every member of `other` is allowed here.
    public func covers(_ other: ScopeSet) -> Bool { other.scopes.allSatisfy(allows) }

    /// The members of `other` not allowed here.
    public func missing(from other: ScopeSet) -> [Scope] { other.scopes.filter { !allows($0) } }

    /// What both sets allow.
    public func intersection(_ other: ScopeSet) -> ScopeSet {
        ScopeSet(scopes.flatMap { mine in other.scopes.compactMap { mine.meet($0) } })
    }

    /// Whether the set allows nothing.
    public var isEmpty: Bool { scopes.isEmpty }

    /// The space-separated form used in the `scope` claim and in storage.
    public var description: String {
        scopes.map { $0.description }.joined(separator: " ")
    }
}
