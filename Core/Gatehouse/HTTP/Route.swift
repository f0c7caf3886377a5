/// One route: a method, a path pattern such as `/v1/{org}/user/signin_with_api_key`, and the
/// function family that serves it.
public struct Route: Sendable {
    /// The method in upper case.
    public let method: String
    /// The pattern, with `{name}` segments for path parameters.
    public let pattern: String
    /// The function family (executable) that serves this route: `signin`, `jwks`, …
    public let function: String
    /// How errors on this route are written.
    public let errorStyle: ErrorStyle
    /// Whether the route still answers in maintenance mode (discovery documents do).
    public let servedInMaintenance: Bool
    /// Who may call the route; enforced before the handler runs.
    public let access: RouteAccess
    /// Whether any origin may call the route from a browser (``RouteDescription/cors``).
    public let cors: Bool
    /// The handler.
    public let handler: RouteHandler

    let segments: [PatternSegment]

    /// A route.
    public init(
        _ method: String, _ pattern: String, function: String, errorStyle: ErrorStyle = .gatehouse,
        servedInMaintenance: Bool = false, access: RouteAccess = .open, cors: Bool = false,
        handler: @escaping RouteHandler
    ) {
        self.method = method
        self.pattern = pattern
        self.function = function
        self.errorStyle = errorStyle
        self.servedInMaintenance = servedInMaintenance
        self.access = access
        self.cors = cors
        self.handler = handler
        self.segments = Self.segments(of: pattern)
    }

    /// The segments of a pattern, read as UTF-8 bytes: every function builds its routes at start-up,
    /// and splitting by `Character` (grapheme breaking) cost each cold process ~0.1 M instructions.
    static func segments(of pattern: String) -> [PatternSegment] {
        pattern.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { part in
            guard part.first == UInt8(ascii: "{"), part.last == UInt8(ascii: "}") else {
                return .literal(String(Substring(part)))
            }
            let name = part.dropFirst().dropLast()
            return name.last == UInt8(ascii: "+")
                ? .rest(String(Substring(name.dropLast()))) : .parameter(String(Substring(name)))
        }
    }

    /// The route a catalog description describes, served by `handler`.
    public init(_ description: RouteDescription, handler: @escaping RouteHandler) {
        self.init(
            description.method, description.pattern, function: description.function.rawValue,
            errorStyle: description.errorStyle, servedInMaintenance: description.servedInMaintenance,
            access: description.access, cors: description.cors, handler: handler)
    }

    enum PatternSegment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// `{name+}`, last in a pattern: one or more segments, decoded and joined with `/`.
        case rest(String)
    }

    /// The decoded path parameters if the path fits this route's pattern, else nil. A parameter
    /// whose percent-encoding is malformed does not match.
    func match(pathSegments: [Substring]) -> [String: String]? {
        let hasRest = if case .rest = segments.last { true } else { false }
        guard hasRest ? pathSegments.count >= segments.count : pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            let part = pathSegments[index]
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard let decoded = FormURLEncoded.percentDecode(part, plusAsSpace: false) else { return nil }
                parameters[name] = decoded
            case .rest(let name):
                var decoded: [String] = []
                for part in pathSegments[index...] {
                    guard let text = FormURLEncoded.percentDecode(part, plusAsSpace: false) else { return nil }
                    decoded.append(text)
                }
                parameters[name] = decoded.joined(separator: "/")
            }
        }
        return parameters
    }
}
