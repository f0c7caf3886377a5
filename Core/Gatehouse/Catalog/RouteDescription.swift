/// One route as the catalog describes it: everything but the handler. The function executables,
/// `gatehouse-server`, the deployment files, the OpenAPI document and the README's route table all
/// read these.
public struct RouteDescription: Sendable {
    /// The stable name of the operation (the OpenAPI `operationId`).
    public let operation: Operation
    /// The method in upper case.
    public let method: String
    /// The pattern, with `{name}` segments for path parameters.
    public let pattern: String
    /// The function that owns the route.
    public let function: FunctionName
    /// Who may call the route; enforced before the handler runs.
    public let access: RouteAccess
    /// How errors on this route are written.
    public let errorStyle: ErrorStyle
    /// Whether the route still answers in maintenance mode (discovery documents do).
    public let servedInMaintenance: Bool
    /// Whether browsers of any origin may call the route (`Access-Control-Allow-Origin: *`, no
    /// credentials, preflight answered): the OAuth metadata, registration and token endpoints, so
    /// browser-based clients such as MCP Inspector work (OAUTH.md).
    public let cors: Bool
    /// What the route does, in one line.
    public let summary: String

    /// A route description.
    public init(
        _ operation: Operation, _ method: String, _ pattern: String, _ function: FunctionName,
        access: RouteAccess = .open, errorStyle: ErrorStyle = .gatehouse, servedInMaintenance: Bool = false,
        cors: Bool = false, _ summary: String
    ) {
        self.operation = operation
        self.method = method
        self.pattern = pattern
        self.function = function
        self.access = access
        self.errorStyle = errorStyle
        self.servedInMaintenance = servedInMaintenance
        self.cors = cors
        self.summary = summary
    }

    /// The pattern's segments before any rest parameter: literals, and `nil` for a path parameter.
    public var literalSegments: [String?] {
        pattern.split(separator: "/").filter { !Self.isRest($0) }.map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? nil : String(part)
        }
    }

    /// Whether the pattern ends in a rest parameter, `{name+}`: one or more further segments.
    public var hasRestParameter: Bool { pattern.split(separator: "/").last.map(Self.isRest) ?? false }

    /// The names of the path parameters, in order (a rest parameter without its `+`).
    public var pathParameters: [String] {
        pattern.split(separator: "/").compactMap { part in
            guard part.hasPrefix("{") && part.hasSuffix("}") else { return nil }
            let name = part.dropFirst().dropLast()
            return String(name.hasSuffix("+") ? name.dropLast() : name)
        }
    }

    /// The pattern as an OpenAPI path: a rest parameter `{name+}` written `{name}` (its value may
    /// hold `/`, as the parameter's description says).
    public var openAPIPath: String { hasRestParameter ? String(pattern.filter { $0 != "+" }) : pattern }

    /// Whether a path of these segments fits the pattern.
    public func fits(_ parts: [Substring]) -> Bool {
        let segments = literalSegments
        guard hasRestParameter ? parts.count > segments.count : parts.count == segments.count else { return false }
        return zip(segments, parts).allSatisfy { literal, part in literal.map { $0 == part } ?? true }
    }

    /// Whether some path fits both this pattern and `other`'s (their methods aside).
    public func overlaps(_ other: RouteDescription) -> Bool {
        let mine = literalSegments
        let theirs = other.literalSegments
        let lengthsMeet =
            switch (hasRestParameter, other.hasRestParameter) {
            case (false, false): mine.count == theirs.count
            case (true, false): theirs.count > mine.count
            case (false, true): mine.count > theirs.count
            case (true, true): true
            }
        guard lengthsMeet else { return false }
        return zip(mine, theirs).allSatisfy { pair in
            guard let left = pair.0, let right = pair.1 else { return true }
            return left == right
        }
    }

    private static func isRest(_ part: Substring) -> Bool { part.hasPrefix("{") && part.hasSuffix("+}") }
}
