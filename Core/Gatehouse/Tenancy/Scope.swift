/// One `resource:action` scope; either side may be `*`. `*` alone means `*:*`.
public struct Scope: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The resource, or `*`.
    public let resource: String
    /// The action, or `*`.
    public let action: String

    /// Parses `resource:action` or `*`; nil for anything else (names are `[a-z0-9_.-]`, 1–64 long).
    public init?(_ text: some StringProtocol) {
        if text == "*" {
            resource = "*"
            action = "*"
            return
        }
        let parts = String(text).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isName(parts[0]), Self.isName(parts[1]) else { return nil }
        resource = String(parts[0])
        action = String(parts[1])
    }

    private init(resource: String, action: String) {
        self.resource = resource
        self.action = action
    }

    private static func isName(_ part: Substring) -> Bool {
        if part == "*" { return true }
        return (1...64).contains(part.utf8.count)
            && part.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D
            }
    }

    /// Resources a resource wildcard with a named action does not reach (SPEC §2: `*:read` does not
    /// cover `audit:read`); only their own name, or `*` alone, does.
    public static let privilegedResources: Set<String> = ["audit"]

    /// Whether everything this scope allows is also allowed by `other`.
    public func isCovered(by other: Scope) -> Bool {
        if other.resource == "*", other.action != "*", Self.privilegedResources.contains(resource) { return false }
        return (other.resource == "*" || other.resource == resource) && (other.action == "*" || other.action == action)
    }

    /// The scope both allow, if any (`*:read` ∧ `data:*` = `data:read`; `*:read` ∧ `audit:*` = none).
    public func meet(_ other: Scope) -> Scope? {
        func side(_ a: String, _ b: String) -> String? { a == "*" ? b : (b == "*" || a == b ? a : nil) }
        guard let resource = side(resource, other.resource), let action = side(action, other.action) else { return nil }
        let both = Scope(resource: resource, action: action)
        return both.isCovered(by: self) && both.isCovered(by: other) ? both : nil
    }

    public var description: String { resource == "*" && action == "*" ? "*" : "\(resource):\(action)" }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.description < rhs.description }
}

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
    public var description: String { scopes.map(\.description).joined(separator: " ") }
}
