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
    /// What the route does, in one line.
    public let summary: String

    /// A route description.
    public init(
        _ operation: Operation, _ method: String, _ pattern: String, _ function: FunctionName,
        access: RouteAccess = .open, errorStyle: ErrorStyle = .gatehouse, servedInMaintenance: Bool = false,
        _ summary: String
    ) {
        self.operation = operation
        self.method = method
        self.pattern = pattern
        self.function = function
        self.access = access
        self.errorStyle = errorStyle
        self.servedInMaintenance = servedInMaintenance
        self.summary = summary
    }

    /// The pattern's segments: literals, and `nil` for a path parameter.
    public var literalSegments: [String?] {
        pattern.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? nil : String(part)
        }
    }

    /// The names of the path parameters, in order.
    public var pathParameters: [String] {
        pattern.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// Whether some path fits both this pattern and `other`'s (their methods aside).
    public func overlaps(_ other: RouteDescription) -> Bool {
        let mine = literalSegments
        let theirs = other.literalSegments
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).allSatisfy { pair in
            guard let left = pair.0, let right = pair.1 else { return true }
            return left == right
        }
    }
}
