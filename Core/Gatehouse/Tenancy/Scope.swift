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
        // One pass over the bytes, no `split`: the route catalog parses some forty scopes at every
        // function's start-up, and a generic split costs more than the check itself.
        let whole = String(text)
        guard let colon = whole.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let left = whole[..<colon]
        let right = whole[whole.utf8.index(after: colon)...]
        guard Self.isName(left), Self.isName(right) else { return nil }
        resource = String(left)
        action = String(right)
    }

    private init(resource: String, action: String) {
        self.resource = resource
        self.action = action
    }

    /// A scope written in the source as a literal that ``init(_:)`` accepts (the route catalog's:
    /// `RouteCatalogTests` parses every one), split at its colon without the checks: a function
    /// builds its routes at every start-up, and checking their scopes there cost ~1 K instructions
    /// a scope (0.05 M when every function built the whole catalog).
    init(literal text: StaticString) {
        let whole = text.description
        guard let colon = whole.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            precondition(whole == "*", "a scope literal is * or resource:action")
            self.init(resource: "*", action: "*")
            return
        }
        self.init(resource: String(whole[..<colon]), action: String(whole[whole.utf8.index(after: colon)...]))
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
